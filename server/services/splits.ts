import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "@/db/client";
import { exports, instructions, queries, splits } from "@/db/schema";
import { instructionKey } from "@/lib/rl/instructionKey";
import {
  SPLIT_VERSION,
  splitSettingsProblem,
  splitSide,
  type SplitSettings,
  type SplitSide,
} from "@/lib/rl/split";
import { ConflictError, InvalidInputError } from "../errors";
import { getProject } from "./projects";

/**
 * The split service: what later work (rounds, evaluation) reads to know which instructions and
 * queries are train and which are test.
 *
 * - `getSplit(db, projectId)`: the settings, or null when the project has no split;
 * - `setSplit` / `removeSplit`: refused once an export was written under the current split
 *   (moving an instruction that already trained into the test side would leak it), unless `force`;
 * - `splitInstructions(db, projectId)`: every instruction with its key and side;
 * - `testInstructionIds(db, projectId)`: the held-out instruction ids (empty without a split);
 * - `querySideOf(split, normalizedHash)` and `splitQueries(db, projectId)`: the same for queries
 *   (held-out queries for evaluation; training exports leave out test instructions, see docs/rl.md).
 */
export interface ProjectSplit extends SplitSettings {
  createdAt: Date;
  updatedAt: Date;
}

export function getSplit(db: DbOrTx, projectId: number): ProjectSplit | null {
  const row = db.select().from(splits).where(eq(splits.projectId, projectId)).get();
  if (!row) return null;
  return {
    seed: row.seed,
    testFraction: row.testFraction,
    version: SPLIT_VERSION,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** How many exports were written since the split was last set (each may have trained a model). */
function exportsUnderSplit(db: DbOrTx, projectId: number, split: ProjectSplit): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(exports)
    .where(and(eq(exports.projectId, projectId), gte(exports.createdAt, split.updatedAt)))
    .get();
  return row?.n ?? 0;
}

function refuseChange(
  db: DbOrTx,
  projectId: number,
  current: ProjectSplit | null,
  force: boolean,
  what: string,
) {
  if (!current || force) return;
  const used = exportsUnderSplit(db, projectId, current);
  if (used > 0) {
    throw new ConflictError(
      `${what} refused: ${used} export(s) were written under the current split (seed ${current.seed}, test share ${current.testFraction}); ` +
        "a new split could put instructions that already trained into the test side. Pass force to do it anyway.",
    );
  }
}

/** Creates or changes the project's split; returns it with its counts. */
export function setSplit(
  db: Db,
  projectId: number,
  input: { seed: number; testFraction: number },
  opts: { force?: boolean } = {},
) {
  const problem = splitSettingsProblem(input.seed, input.testFraction);
  if (problem)
    throw new InvalidInputError(problem, [
      { field: problem.startsWith("The seed") ? "seed" : "testFraction", message: problem },
    ]);
  getProject(db, projectId);
  writeTransaction(db, (tx) => {
    const current = getSplit(tx, projectId);
    if (current && current.seed === input.seed && current.testFraction === input.testFraction)
      return;
    refuseChange(tx, projectId, current, opts.force === true, "Changing the split");
    const now = new Date();
    tx.insert(splits)
      .values({
        projectId,
        seed: input.seed,
        testFraction: input.testFraction,
        version: SPLIT_VERSION,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: splits.projectId,
        set: {
          seed: input.seed,
          testFraction: input.testFraction,
          version: SPLIT_VERSION,
          updatedAt: now,
        },
      })
      .run();
  });
  return splitSummary(db, projectId);
}

export function removeSplit(db: Db, projectId: number, opts: { force?: boolean } = {}) {
  writeTransaction(db, (tx) => {
    refuseChange(tx, projectId, getSplit(tx, projectId), opts.force === true, "Removing the split");
    tx.delete(splits).where(eq(splits.projectId, projectId)).run();
  });
}

export interface SplitInstruction {
  id: number;
  number: number;
  key: string;
  side: SplitSide;
  pipelineStatus: string;
  reviewStatus: string;
}

/** Every instruction of the project with its key and side (all "train" without a split). */
export function splitInstructions(
  db: DbOrTx,
  projectId: number,
  split = getSplit(db, projectId),
): SplitInstruction[] {
  return db
    .select({
      id: instructions.id,
      number: instructions.number,
      hash: instructions.normalizedHash,
      pipelineStatus: instructions.pipelineStatus,
      reviewStatus: instructions.reviewStatus,
    })
    .from(instructions)
    .where(eq(instructions.projectId, projectId))
    .orderBy(asc(instructions.id))
    .all()
    .map((r) => ({
      id: r.id,
      number: r.number ?? r.id,
      key: instructionKey(r.number ?? r.id, r.hash),
      side: split ? splitSide(split, r.hash) : "train",
      pipelineStatus: r.pipelineStatus,
      reviewStatus: r.reviewStatus,
    }));
}

/** The ids of the project's held-out (test) instructions; empty without a split. */
export function testInstructionIds(
  db: DbOrTx,
  projectId: number,
  split = getSplit(db, projectId),
): Set<number> {
  if (!split) return new Set();
  return new Set(
    splitInstructions(db, projectId, split)
      .filter((i) => i.side === "test")
      .map((i) => i.id),
  );
}

/** A query's side under a split, from its normalized-text hash (queries.normalized_hash). */
export function querySideOf(
  split: Pick<SplitSettings, "seed" | "testFraction"> | null,
  normalizedHash: string,
): SplitSide {
  return split ? splitSide(split, `query:${normalizedHash}`) : "train";
}

/** Every query of the pool with its side (all "train" without a split). */
export function splitQueries(db: DbOrTx, projectId: number, split = getSplit(db, projectId)) {
  return db
    .select({ id: queries.id, hash: queries.normalizedHash })
    .from(queries)
    .where(eq(queries.projectId, projectId))
    .orderBy(asc(queries.id))
    .all()
    .map((q) => ({ id: q.id, side: querySideOf(split, q.hash) }));
}

/** The split and how many instructions (all, and pipeline-kept) and queries fall on each side. */
export function splitSummary(db: DbOrTx, projectId: number) {
  const split = getSplit(db, projectId);
  const all = splitInstructions(db, projectId, split);
  const count = (side: SplitSide, rows: Array<{ side: SplitSide }>) =>
    rows.filter((r) => r.side === side).length;
  const kept = all.filter((i) => i.pipelineStatus === "kept");
  const qs = splitQueries(db, projectId, split);
  return {
    split,
    instructions: { train: count("train", all), test: count("test", all) },
    keptInstructions: { train: count("train", kept), test: count("test", kept) },
    queries: { train: count("train", qs), test: count("test", qs) },
  };
}
