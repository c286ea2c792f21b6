import "server-only";
import { asc, count, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import {
  instructions,
  preferencePairs,
  projects,
  queries,
  responses,
  runs,
  samples,
  seedInstructions,
} from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import type { PipelineConfig, PresetName } from "@/lib/schemas/pipelineConfig";
import { ConflictError, NotFoundError } from "../errors";
import { validPipelineConfig } from "../pipelineConfig";
import { instructionOfSample } from "@/db/projectScope";

const projectColumns = {
  id: projects.id,
  name: projects.name,
  description: projects.description,
  preset: projects.preset,
  isExample: projects.isExample,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

/** Projects, newest first, each with how many seeds, instructions and responses it holds. */
export function listProjects(db: Db) {
  const seedCount = db
    .select({ projectId: seedInstructions.projectId, n: count().as("seed_n") })
    .from(seedInstructions)
    .groupBy(seedInstructions.projectId)
    .as("seed_counts");
  const instructionCount = db
    .select({ projectId: instructions.projectId, n: count().as("instruction_n") })
    .from(instructions)
    .groupBy(instructions.projectId)
    .as("instruction_counts");
  return db
    .select({
      ...projectColumns,
      seedCount: sql<number>`coalesce(${seedCount.n}, 0)`,
      instructionCount: sql<number>`coalesce(${instructionCount.n}, 0)`,
    })
    .from(projects)
    .leftJoin(seedCount, eq(seedCount.projectId, projects.id))
    .leftJoin(instructionCount, eq(instructionCount.projectId, projects.id))
    .orderBy(asc(projects.name))
    .all();
}

export function getProject(db: DbOrTx, id: number) {
  const row = db
    .select({ ...projectColumns, config: projects.config })
    .from(projects)
    .where(eq(projects.id, id))
    .get();
  if (!row) throw new NotFoundError(`Project ${id} does not exist.`);
  return { ...row, config: row.config as PipelineConfig };
}

/**
 * A project by id or by name (case-insensitive), as the CLI names one; a missing one is a clear
 * error listing the projects that exist.
 */
export function findProject(db: DbOrTx, nameOrId: string) {
  const id = /^\d+$/.test(nameOrId.trim()) ? Number(nameOrId.trim()) : null;
  const match =
    (id !== null
      ? db.select({ id: projects.id }).from(projects).where(eq(projects.id, id)).get()
      : undefined) ??
    db
      .select({ id: projects.id })
      .from(projects)
      .where(sql`lower(${projects.name}) = lower(${nameOrId})`)
      .get();
  if (!match) {
    const names = db
      .select({ name: projects.name })
      .from(projects)
      .orderBy(asc(projects.name))
      .all()
      .map((p) => `"${p.name}"`);
    throw new NotFoundError(
      `No project named "${nameOrId}". Projects: ${names.join(", ") || "none"}.`,
    );
  }
  return getProject(db, match.id);
}

function assertNameFree(db: Db, name: string, exceptId?: number) {
  const clash = db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(sql`lower(${projects.name}) = lower(${name})`)
    .get();
  if (clash && clash.id !== exceptId) {
    const message = `A project named "${clash.name}" already exists.`;
    throw new ConflictError(message, [{ field: "name", message }]);
  }
}

export function createProject(
  db: Db,
  input: { name: string; description?: string; preset?: PresetName },
) {
  assertNameFree(db, input.name);
  const preset = input.preset ?? "paper";
  return db
    .insert(projects)
    .values({
      name: input.name,
      description: input.description ?? "",
      preset,
      config: configForPreset(preset),
    })
    .returning(projectColumns)
    .get();
}

export function updateProject(db: Db, input: { id: number; name?: string; description?: string }) {
  getProject(db, input.id);
  if (input.name !== undefined) assertNameFree(db, input.name, input.id);
  return db
    .update(projects)
    .set({ name: input.name, description: input.description })
    .where(eq(projects.id, input.id))
    .returning(projectColumns)
    .get();
}

/** Validates and stores a whole pipeline configuration; field errors name the knob. */
export function updateProjectConfig(
  db: DbOrTx,
  input: { id: number; preset: PresetName; config: unknown },
) {
  getProject(db, input.id);
  const config = validPipelineConfig(
    input.config,
    "The pipeline configuration has invalid values.",
  );
  db.update(projects).set({ preset: input.preset, config }).where(eq(projects.id, input.id)).run();
  return getProject(db, input.id);
}

/** What deleting a project would remove, so the confirmation can name it. */
export function projectDeletionSummary(db: Db, id: number) {
  const project = getProject(db, id);
  const countOf = (n: number | undefined) => n ?? 0;
  const seeds = db
    .select({ n: count() })
    .from(seedInstructions)
    .where(eq(seedInstructions.projectId, id))
    .get();
  const instr = db
    .select({ n: count() })
    .from(instructions)
    .where(eq(instructions.projectId, id))
    .get();
  const query = db.select({ n: count() }).from(queries).where(eq(queries.projectId, id)).get();
  const run = db.select({ n: count() }).from(runs).where(eq(runs.projectId, id)).get();
  const resp = db
    .select({ n: count() })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(id))
    .get();
  const pairs = db
    .select({ n: count() })
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .innerJoin(instructions, instructionOfSample(id))
    .get();
  return {
    id: project.id,
    name: project.name,
    seedInstructions: countOf(seeds?.n),
    instructions: countOf(instr?.n),
    queries: countOf(query?.n),
    responses: countOf(resp?.n),
    preferencePairs: countOf(pairs?.n),
    runs: countOf(run?.n),
  };
}

/** Deletes a project and, through foreign-key cascades, everything that belongs to it. */
export function deleteProject(db: Db, id: number) {
  const summary = projectDeletionSummary(db, id);
  db.delete(projects).where(eq(projects.id, id)).run();
  return summary;
}
