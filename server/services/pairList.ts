import "server-only";
import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, preferencePairs, queries, responses, reviews, samples } from "@/db/schema";
import { instructionOfSample } from "@/db/projectScope";
import type { PairFilter } from "@/lib/schemas/reviewFilters";
import { ConflictError, NotFoundError } from "../errors";
import { outcomesOf, searchWhere } from "./responseList";

const chosen = alias(responses, "chosen");
const rejected = alias(responses, "rejected");

function pairWhere(f: PairFilter): SQL | undefined {
  const where: SQL[] = [];
  if (f.review) where.push(eq(preferencePairs.reviewStatus, f.review));
  if (f.instructionId !== undefined) where.push(eq(samples.instructionId, f.instructionId));
  where.push(
    ...searchWhere(f.search, [
      sql`${chosen.text}`,
      sql`${rejected.text}`,
      sql`${queries.text}`,
      sql`${instructions.text}`,
    ]),
  );
  return and(...where);
}

/** How many pairs of the project match. */
export function countPairs(db: Db, projectId: number, f: PairFilter): number {
  return (
    db
      .select({ n: count() })
      .from(preferencePairs)
      .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
      .innerJoin(instructions, instructionOfSample(projectId))
      .innerJoin(queries, eq(queries.id, samples.queryId))
      .innerJoin(chosen, eq(chosen.id, preferencePairs.chosenResponseId))
      .innerJoin(rejected, eq(rejected.id, preferencePairs.rejectedResponseId))
      .where(pairWhere(f))
      .get()?.n ?? 0
  );
}

/** One page of pairs with both responses' texts, pass rates, scores and verifier outcomes. */
export function listPairs(db: Db, projectId: number, f: PairFilter, offset: number, limit: number) {
  const rows = db
    .select({
      id: preferencePairs.id,
      number: preferencePairs.number,
      sampleId: preferencePairs.sampleId,
      pipelineStatus: preferencePairs.pipelineStatus,
      reviewStatus: preferencePairs.reviewStatus,
      instructionId: instructions.id,
      instructionNumber: instructions.number,
      instruction: instructions.text,
      query: queries.text,
      chosenId: chosen.id,
      chosenNumber: chosen.number,
      chosenText: chosen.text,
      chosenPassRate: chosen.passRate,
      chosenScore: chosen.score,
      rejectedId: rejected.id,
      rejectedNumber: rejected.number,
      rejectedText: rejected.text,
      rejectedPassRate: rejected.passRate,
      rejectedScore: rejected.score,
      reviewer: sql<
        string | null
      >`(select rv.reviewer from reviews rv where rv.item_kind = 'pair' and rv.item_id = ${preferencePairs.id} order by rv.id desc limit 1)`,
    })
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .innerJoin(chosen, eq(chosen.id, preferencePairs.chosenResponseId))
    .innerJoin(rejected, eq(rejected.id, preferencePairs.rejectedResponseId))
    .where(pairWhere(f))
    .orderBy(asc(preferencePairs.id))
    .limit(limit)
    .offset(offset)
    .all();
  const outcomes = outcomesOf(
    db,
    rows.flatMap((r) => [r.chosenId, r.rejectedId]),
  );
  return rows.map((r) => ({
    ...r,
    chosenOutcomes: outcomes.get(r.chosenId) ?? [],
    rejectedOutcomes: outcomes.get(r.rejectedId) ?? [],
  }));
}

/**
 * Exchanges a pair's chosen and rejected responses, for when the pipeline ranked them the wrong way
 * round. The swap is recorded in the pair's history as the reviewer's approval of the swapped pair.
 */
export function swapPair(
  db: Db,
  input: { projectId: number; pairId: number; reviewer: string; reason?: string | null },
) {
  return db.transaction(
    (tx) => {
      const pair = tx
        .select({
          id: preferencePairs.id,
          number: preferencePairs.number,
          chosenId: preferencePairs.chosenResponseId,
          rejectedId: preferencePairs.rejectedResponseId,
          sampleId: preferencePairs.sampleId,
          chosenNumber: chosen.number,
          rejectedNumber: rejected.number,
        })
        .from(preferencePairs)
        .innerJoin(chosen, eq(chosen.id, preferencePairs.chosenResponseId))
        .innerJoin(rejected, eq(rejected.id, preferencePairs.rejectedResponseId))
        .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
        .innerJoin(instructions, instructionOfSample(input.projectId))
        .where(eq(preferencePairs.id, input.pairId))
        .get();
      if (!pair) throw new NotFoundError(`Pair ${input.pairId} is not in this project.`);
      const twin = tx
        .select({ id: preferencePairs.id, number: preferencePairs.number })
        .from(preferencePairs)
        .where(
          and(
            eq(preferencePairs.sampleId, pair.sampleId),
            eq(preferencePairs.chosenResponseId, pair.rejectedId),
            eq(preferencePairs.rejectedResponseId, pair.chosenId),
          ),
        )
        .get();
      if (twin)
        throw new ConflictError(
          `Pair #${twin.number} already holds these responses the other way round.`,
        );
      tx.update(preferencePairs)
        .set({
          chosenResponseId: pair.rejectedId,
          rejectedResponseId: pair.chosenId,
          reviewStatus: "approved",
        })
        .where(eq(preferencePairs.id, pair.id))
        .run();
      const note = `swapped: chosen is now response #${pair.rejectedNumber}, rejected #${pair.chosenNumber}`;
      tx.insert(reviews)
        .values({
          projectId: input.projectId,
          itemKind: "pair",
          itemId: pair.id,
          verdict: "approve",
          reason: input.reason?.trim() ? `${note}. ${input.reason.trim()}` : note,
          reviewer: input.reviewer,
        })
        .run();
      return { chosenResponseId: pair.rejectedId, rejectedResponseId: pair.chosenId };
    },
    { behavior: "immediate" },
  );
}
