import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "@/db/client";
import { failedUnits, projects, runs, stageProgress } from "@/db/schema";
import {
  claimableRunStates,
  heldRunStates,
  isResumableRun,
  liveRunStates,
} from "@/lib/autoif/runStates";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { validPipelineConfig } from "../pipelineConfig";
import { STAGES, type StageName } from "./types";

/** How long a claim on a run lasts without a heartbeat; a dead holder's run is free after this. */
export const LEASE_MS = 30_000;

/** sha256 of the config with keys sorted, so equal configs hash equally whatever their key order. */
export function configHash(config: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(canonical(config)))
    .digest("hex");
}

export function stageRange(from: StageName = "augment", to: StageName = "pairs"): StageName[] {
  const a = STAGES.indexOf(from);
  const b = STAGES.indexOf(to);
  if (a > b)
    throw new InvalidInputError(`The first stage (${from}) comes after the last (${to}).`, [
      { field: "from", message: `${from} comes after ${to}` },
    ]);
  return STAGES.slice(a, b + 1);
}

/** The refusal when a project already has an active run. */
function activeRunConflict(projectName: string, run: { id: number; state: string }) {
  return new ConflictError(
    `Project "${projectName}" already has an active run #${run.id} (${run.state}); stop it or wait for it to finish.`,
  );
}

/** The project's live (queued, running or stopping) run, if any: at most one, see runs_one_live_per_project. */
function activeRunOf(db: DbOrTx, projectId: number) {
  return db
    .select({ id: runs.id, state: runs.state })
    .from(runs)
    .where(and(eq(runs.projectId, projectId), inArray(runs.state, liveRunStates)))
    .get();
}

/**
 * Creates a queued run with a snapshot of the project's current configuration. A project has at
 * most one live (queued, running or stopping) run: the check and the insert are one immediate
 * transaction, and the partial unique index runs_one_live_per_project refuses a second live
 * run whatever writes it, so two processes creating a run at once get one run and one refusal.
 */
export function createRun(
  db: Db,
  input: {
    projectId: number;
    from?: StageName;
    to?: StageName;
    override?: (config: PipelineConfig) => PipelineConfig;
    batchStages?: readonly string[];
  },
) {
  const stages = stageRange(input.from, input.to);
  const project = db
    .select({ id: projects.id, name: projects.name, config: projects.config })
    .from(projects)
    .where(eq(projects.id, input.projectId))
    .get();
  if (!project) throw new NotFoundError(`Project ${input.projectId} does not exist.`);
  const config = validPipelineConfig(
    input.override ? input.override(project.config as PipelineConfig) : project.config,
    "The project's pipeline configuration is invalid; fix it on the Settings page.",
  );
  try {
    return writeTransaction(db, (tx) => {
      const active = activeRunOf(tx, input.projectId);
      if (active) throw activeRunConflict(project.name, active);
      return tx
        .insert(runs)
        .values({
          projectId: input.projectId,
          config,
          configHash: configHash(config),
          fromStage: stages[0]!,
          toStage: stages[stages.length - 1]!,
          state: "queued",
          batchStages: input.batchStages?.length ? [...input.batchStages] : null,
        })
        .returning()
        .get();
    });
  } catch (error) {
    const active = isUniqueViolation(error) ? activeRunOf(db, input.projectId) : undefined;
    if (active) throw activeRunConflict(project.name, active);
    throw error;
  }
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Runs `change`, a write that makes run `runId` live; when the database refuses it because the
 * project already has a live run (runs_one_live_per_project), says which run instead.
 */
function makingLive<T>(db: Db, runId: number, change: () => T): T {
  try {
    return change();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const run = db
      .select({ projectId: runs.projectId, name: projects.name })
      .from(runs)
      .innerJoin(projects, eq(projects.id, runs.projectId))
      .where(eq(runs.id, runId))
      .get();
    const active = run ? activeRunOf(db, run.projectId) : undefined;
    if (run && active) throw activeRunConflict(run.name, active);
    throw error;
  }
}

/**
 * Takes the run for `owner` if nobody holds a live lease on it: one atomic UPDATE, so a CLI and a
 * server on the same database never both run it. A finished run cannot be claimed.
 */
export function claimRun(
  db: Db,
  runId: number,
  owner: string,
  now = Date.now(),
  deadHolder?: string,
): boolean {
  const result = makingLive(db, runId, () =>
    db
      .update(runs)
      .set({
        leaseOwner: owner,
        leaseExpiresAt: new Date(now + LEASE_MS),
        state: "running",
        startedAt: sql`coalesce(${runs.startedAt}, ${now})`,
        error: null,
      })
      .where(
        and(
          eq(runs.id, runId),
          inArray(runs.state, claimableRunStates),
          or(
            isNull(runs.leaseOwner),
            eq(runs.leaseOwner, owner),
            lt(runs.leaseExpiresAt, new Date(now)),
            deadHolder ? eq(runs.leaseOwner, deadHolder) : undefined,
          ),
        ),
      )
      .run(),
  );
  return result.changes === 1;
}

/** Extends the lease; returns the run's state so the holder sees a stop request. Null: lease lost. */
export function heartbeat(db: Db, runId: number, owner: string): string | null {
  const row = db
    .update(runs)
    .set({ leaseExpiresAt: new Date(Date.now() + LEASE_MS) })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner)))
    .returning({ state: runs.state })
    .get();
  return row?.state ?? null;
}

export function releaseRun(
  db: Db,
  runId: number,
  owner: string,
  state: "finished" | "paused" | "failed",
  error?: string,
) {
  db.update(runs)
    .set({
      state,
      leaseOwner: null,
      leaseExpiresAt: null,
      error: error ?? null,
      finishedAt: state === "finished" ? new Date() : null,
    })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, owner)))
    .run();
}

/** Asks a running run to stop after its current units; a queued one is paused at once. */
export function requestStop(db: Db, runId: number) {
  const run = getRun(db, runId);
  if (run.state === "queued")
    db.update(runs).set({ state: "paused" }).where(eq(runs.id, runId)).run();
  else if (run.state === "running")
    db.update(runs).set({ state: "stopping" }).where(eq(runs.id, runId)).run();
  else
    throw new ConflictError(
      `Run #${runId} is ${run.state}; only a queued or running run can be stopped.`,
    );
  return getRun(db, runId);
}

/** Puts a paused or failed run back in the queue; it continues where it stopped. */
export function requestResume(db: Db, runId: number) {
  const run = getRun(db, runId);
  if (!isResumableRun(run.state))
    throw new ConflictError(
      `Run #${runId} is ${run.state}; only a paused or failed run can be resumed.`,
    );
  makingLive(db, runId, () =>
    db.update(runs).set({ state: "queued", error: null }).where(eq(runs.id, runId)).run(),
  );
  return getRun(db, runId);
}

export function getRun(db: Db, runId: number) {
  const run = db.select().from(runs).where(eq(runs.id, runId)).get();
  if (!run) throw new NotFoundError(`Run ${runId} does not exist.`);
  return { ...run, config: run.config as PipelineConfig };
}

export function listRuns(db: Db, projectId: number) {
  return db
    .select({
      id: runs.id,
      state: runs.state,
      fromStage: runs.fromStage,
      toStage: runs.toStage,
      configHash: runs.configHash,
      startedAt: runs.startedAt,
      finishedAt: runs.finishedAt,
      error: runs.error,
      createdAt: runs.createdAt,
    })
    .from(runs)
    .where(eq(runs.projectId, projectId))
    .orderBy(desc(runs.id))
    .all();
}

/** Per-stage progress and the failed units (with raw output) of a run. */
export function runProgress(db: Db, runId: number) {
  const stages = db
    .select()
    .from(stageProgress)
    .where(eq(stageProgress.runId, runId))
    .orderBy(asc(stageProgress.id))
    .all();
  const failed = db
    .select()
    .from(failedUnits)
    .where(eq(failedUnits.runId, runId))
    .orderBy(asc(failedUnits.id))
    .all();
  return { stages, failed };
}

/** Runs waiting to be executed, or whose holder's lease expired (it died). */
export function runnableRuns(db: Db, now = Date.now()) {
  return db
    .select({ id: runs.id })
    .from(runs)
    .where(
      or(
        eq(runs.state, "queued"),
        and(inArray(runs.state, heldRunStates), lt(runs.leaseExpiresAt, new Date(now))),
      ),
    )
    .orderBy(asc(runs.id))
    .all();
}

/**
 * Marks a run as talking to the built-in scripted endpoint (the example run): whoever executes it
 * again starts that endpoint afresh instead of calling the dead port in its snapshot.
 */
export function markScriptedEndpoint(db: Db, runId: number) {
  db.update(runs).set({ scriptedEndpoint: true }).where(eq(runs.id, runId)).run();
}
