import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs } from "@/db/schema";
import { isLiveRun } from "@/lib/autoif/runStates";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { NotFoundError } from "../errors";
import { getRun, listRuns, runProgress } from "../pipeline/runs";
import { STAGES } from "../pipeline/types";
import type { RunSummary } from "./runSummary";
import { BATCH_WAITING_STATUS } from "@/lib/autoif/llmStages";

/** One of the ten stages of a run as the Runs page lists it from the start. */
export interface StageView {
  stage: string;
  /** planned: in the run's range, not started; skipped: outside it; stopped: left when the run paused; waiting: offline, for batch answers. */
  state: "planned" | "running" | "done" | "failed" | "stopped" | "waiting" | "skipped";
  done: number;
  total: number;
  failed: number;
  /** Units per second since this process started the stage; null before the first unit. */
  unitsPerSecond: number | null;
  /** Seconds left at that rate, for a running stage with a known total. */
  etaSeconds: number | null;
  /** What the stage is doing now, as the stage wrote it. */
  status: string | null;
}

/** Every stage of a run: planned, running, done or skipped, each with its rate and ETA. */
export function stageViews(
  run: { fromStage: string; toStage: string; state: string },
  rows: ReturnType<typeof runProgress>["stages"],
  now = Date.now(),
): StageView[] {
  const from = STAGES.indexOf(run.fromStage as (typeof STAGES)[number]);
  const to = STAGES.indexOf(run.toStage as (typeof STAGES)[number]);
  const live = isLiveRun(run.state);
  return STAGES.map((stage, i) => {
    const row = rows.find((r) => r.stage === stage);
    if (i < from || i > to)
      return {
        stage,
        state: "skipped",
        done: 0,
        total: 0,
        failed: 0,
        unitsPerSecond: null,
        etaSeconds: null,
        status: null,
      };
    if (!row)
      return {
        stage,
        state: "planned",
        done: 0,
        total: 0,
        failed: 0,
        unitsPerSecond: null,
        etaSeconds: null,
        status: null,
      };
    const running = row.state === "running" && live;
    const state: StageView["state"] =
      row.state === "done"
        ? "done"
        : row.state === "failed"
          ? "failed"
          : running
            ? "running"
            : row.status?.startsWith(BATCH_WAITING_STATUS)
              ? "waiting"
              : "stopped";
    const end = running ? now : row.updatedAt.getTime();
    const seconds = row.startedAt ? (end - row.startedAt.getTime()) / 1000 : 0;
    const unitsPerSecond = row.done > 0 && seconds > 0 ? row.done / seconds : null;
    const left = row.total - row.done;
    const etaSeconds =
      running && unitsPerSecond && row.total > 0 ? Math.max(0, left) / unitsPerSecond : null;
    return {
      stage,
      state,
      done: row.done,
      total: row.total,
      failed: row.failed,
      unitsPerSecond,
      etaSeconds,
      status: state === "done" ? null : row.status,
    };
  });
}

/**
 * The Runs page's one source of truth: the project's runs (with their warnings) and the shown
 * run's ten stages and failed units, read together so the table and the detail never disagree.
 */
export function runOverview(db: Db, projectId: number, runId: number | null) {
  const list = listRuns(db, projectId);
  const warnings = new Map(
    list.length
      ? db
          .select({ id: runs.id, warning: runs.warning })
          .from(runs)
          .where(
            inArray(
              runs.id,
              list.map((r) => r.id),
            ),
          )
          .all()
          .map((r) => [r.id, r.warning])
      : [],
  );
  const rows = list.map((r) => ({ ...r, warning: warnings.get(r.id) ?? null }));
  const shownId =
    runId !== null && rows.some((r) => r.id === runId) ? runId : (rows[0]?.id ?? null);
  let shown = null;
  if (shownId !== null) {
    const run = getRun(db, shownId);
    const progress = runProgress(db, shownId);
    shown = {
      id: run.id,
      state: run.state,
      configHash: run.configHash,
      config: run.config,
      warning: run.warning,
      error: run.error,
      stages: stageViews(run, progress.stages),
      failed: progress.failed,
    };
  }
  return { runs: rows, shown, live: rows.some((r) => isLiveRun(r.state)) };
}

/** Leaves of a config as dotted paths ("score.threshold") and values. */
function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value))
      for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else out.set(prefix, value);
  return out;
}

/** Two runs of a project side by side: their funnels and histograms at their end, and every knob that differs. */
export function compareRuns(db: Db, projectId: number, a: number, b: number) {
  const side = (id: number) => {
    const run = db
      .select({
        id: runs.id,
        projectId: runs.projectId,
        state: runs.state,
        config: runs.config,
        summary: runs.summary,
        warning: runs.warning,
        finishedAt: runs.finishedAt,
      })
      .from(runs)
      .where(eq(runs.id, id))
      .get();
    if (!run || run.projectId !== projectId)
      throw new NotFoundError(`Run ${id} is not a run of this project.`);
    return {
      id: run.id,
      state: run.state,
      warning: run.warning,
      finishedAt: run.finishedAt,
      summary: (run.summary as RunSummary | null) ?? null,
      config: run.config as PipelineConfig,
    };
  };
  const left = side(a);
  const right = side(b);
  const l = leaves(left.config);
  const r = leaves(right.config);
  const keys = [...new Set([...l.keys(), ...r.keys()])].sort();
  const configDiff = keys
    .filter((k) => JSON.stringify(l.get(k)) !== JSON.stringify(r.get(k)))
    .map((k) => ({ field: k, a: l.get(k) ?? null, b: r.get(k) ?? null }));
  return { a: { ...left, config: undefined }, b: { ...right, config: undefined }, configDiff };
}
