import "server-only";
import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { constraintPairs, instructions } from "@/db/schema";
import { NotFoundError } from "../errors";

/** Instructions the matrix shows at most: the ones in the most checked pairs. */
export const MATRIX_LIMIT = 60;

/**
 * A project's conflict matrix: the atomic instructions in checked pairs (those in the most pairs
 * first, up to MATRIX_LIMIT, then in number order) and each checked pair's verdict and evidence;
 * witnesses and reasons come one pair at a time (`conflictPair`).
 */
export function conflictMatrix(db: Db, projectId: number, limit = MATRIX_LIMIT) {
  const inProject = eq(constraintPairs.projectId, projectId);
  const totals = db
    .select({ verdict: constraintPairs.verdict, evidence: constraintPairs.evidence, n: count() })
    .from(constraintPairs)
    .where(inProject)
    .groupBy(constraintPairs.verdict, constraintPairs.evidence)
    .all();
  const involvement = db
    .select({ id: sql<number>`id`, n: sql<number>`count(*)` })
    .from(
      sql`(select a_id as id from constraint_pairs where project_id = ${projectId} union all select b_id as id from constraint_pairs where project_id = ${projectId})`,
    )
    .groupBy(sql`id`)
    .orderBy(sql`count(*) desc`, sql`id`)
    .all();
  const shownIds = involvement.slice(0, limit).map((r) => r.id);
  const shown = shownIds.length
    ? db
        .select({
          id: instructions.id,
          number: instructions.number,
          text: instructions.text,
          status: instructions.pipelineStatus,
        })
        .from(instructions)
        .where(inArray(instructions.id, shownIds))
        .orderBy(asc(instructions.number))
        .all()
    : [];
  const cells = shownIds.length
    ? db
        .select({
          a: constraintPairs.aId,
          b: constraintPairs.bId,
          verdict: constraintPairs.verdict,
          evidence: constraintPairs.evidence,
        })
        .from(constraintPairs)
        .where(
          and(
            inProject,
            inArray(constraintPairs.aId, shownIds),
            inArray(constraintPairs.bId, shownIds),
          ),
        )
        .all()
    : [];
  return {
    instructions: shown,
    /** Instructions in checked pairs, of which `instructions` shows up to the limit. */
    involved: involvement.length,
    cells,
    totals: totals.map((t) => ({ verdict: t.verdict, evidence: t.evidence, pairs: t.n })),
  };
}

/** One checked pair in full: both instructions, the verdict, its evidence, the witness or why there is none. */
export function conflictPair(db: Db, projectId: number, a: number, b: number) {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const pair = db
    .select()
    .from(constraintPairs)
    .where(
      and(
        eq(constraintPairs.projectId, projectId),
        eq(constraintPairs.aId, lo),
        eq(constraintPairs.bId, hi),
      ),
    )
    .get();
  if (!pair)
    throw new NotFoundError(
      `Instructions #${lo} and #${hi} of this project were never checked as a pair.`,
    );
  const both = db
    .select({ id: instructions.id, number: instructions.number, text: instructions.text })
    .from(instructions)
    .where(or(eq(instructions.id, lo), eq(instructions.id, hi)))
    .all();
  const one = (id: number) => both.find((i) => i.id === id)!;
  return {
    a: one(lo),
    b: one(hi),
    verdict: pair.verdict,
    evidence: pair.evidence,
    witness: pair.witness,
    witnessSource: pair.witnessSource,
    reason: pair.reason,
    attempts: pair.attempts,
    llmCallId: pair.llmCallId,
    runId: pair.runId,
  };
}
