import "server-only";
import { and, asc, count, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { containsText, startsWithText } from "@/db/textMatch";
import { instructions, queries, responses, samples, verifierResults, verifiers } from "@/db/schema";
import type { ResponseFilter } from "@/lib/schemas/reviewFilters";
import { instructionOfSample } from "@/db/projectScope";

/** Every search word must occur in the response, its query or its instruction. */
export function searchWhere(
  search: string | undefined,
  columns: Array<SQL | typeof responses.text>,
): SQL[] {
  const words = (search ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 8);
  return words.map((w) => or(...columns.map((c) => containsText(c, w)))!);
}

/** The conditions a response filter puts on the responses-samples-instructions-queries join. */
export function responseWhere(f: Omit<ResponseFilter, "sort">): SQL | undefined {
  const where: SQL[] = [];
  if (f.pipeline) where.push(eq(responses.pipelineStatus, f.pipeline));
  if (f.reason) where.push(startsWithText(responses.dropReason, f.reason));
  if (f.review) where.push(eq(responses.reviewStatus, f.review));
  if (f.scoreMin !== undefined) where.push(gte(responses.score, f.scoreMin));
  if (f.scoreMax !== undefined) where.push(lte(responses.score, f.scoreMax));
  if (f.passMin !== undefined) where.push(gte(responses.passRate, f.passMin));
  if (f.passMax !== undefined) where.push(lte(responses.passRate, f.passMax));
  if (f.instructionId !== undefined) where.push(eq(samples.instructionId, f.instructionId));
  if (f.constraints !== undefined) where.push(eq(instructions.constraintCount, f.constraints));
  where.push(
    ...searchWhere(f.search, [responses.text, sql`${queries.text}`, sql`${instructions.text}`]),
  );
  return and(...where);
}

const orderBy: Record<ResponseFilter["sort"], SQL[]> = {
  id: [asc(responses.id)],
  // Nulls (not executed or not scored yet) go last either way.
  "pass-rate-desc": [
    sql`${responses.passRate} is null`,
    desc(responses.passRate),
    asc(responses.id),
  ],
  "pass-rate-asc": [sql`${responses.passRate} is null`, asc(responses.passRate), asc(responses.id)],
  "score-desc": [sql`${responses.score} is null`, desc(responses.score), asc(responses.id)],
  "score-asc": [sql`${responses.score} is null`, asc(responses.score), asc(responses.id)],
};

/** How many responses of the project match the filter. */
export function countResponses(db: Db, projectId: number, f: Omit<ResponseFilter, "sort">): number {
  const needsQuery = Boolean(f.search?.trim());
  let q = db
    .select({ n: count() })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .$dynamic();
  if (needsQuery) q = q.innerJoin(queries, eq(queries.id, samples.queryId));
  return q.where(responseWhere(f)).get()?.n ?? 0;
}

/** The ids of every response that matches the filter (bulk review), in id order. */
export function responseIds(
  db: DbOrTx,
  projectId: number,
  f: Omit<ResponseFilter, "sort">,
): number[] {
  return db
    .select({ id: responses.id })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .where(responseWhere(f))
    .orderBy(asc(responses.id))
    .all()
    .map((r) => r.id);
}

/**
 * One page of matching responses, with their sample's texts, verifier outcomes and latest review.
 * The page's ids are found first from the narrow columns alone, then their texts are read: sorting
 * or skipping 100,000 rows with their texts attached took ten times as long (bench:ui).
 */
export function listResponses(
  db: Db,
  projectId: number,
  f: ResponseFilter,
  offset: number,
  limit: number,
) {
  const needsQuery = Boolean(f.search?.trim());
  let idQuery = db
    .select({ id: responses.id })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .$dynamic();
  if (needsQuery) idQuery = idQuery.innerJoin(queries, eq(queries.id, samples.queryId));
  const ids = idQuery
    .where(responseWhere(f))
    .orderBy(...orderBy[f.sort])
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = db
    .select({
      id: responses.id,
      /** The per-project number the studio shows ("Response #3"). */
      number: responses.number,
      sampleId: responses.sampleId,
      sampleIndex: responses.sampleIndex,
      text: responses.text,
      passRate: responses.passRate,
      score: responses.score,
      scoreSamples: responses.scoreSamples,
      pipelineStatus: responses.pipelineStatus,
      dropReason: responses.dropReason,
      reviewStatus: responses.reviewStatus,
      instructionId: instructions.id,
      instructionNumber: instructions.number,
      instruction: instructions.text,
      constraintCount: instructions.constraintCount,
      /** A compound instruction's response: each constraint's outcome, strict and partial. */
      constraintOutcomes: responses.constraintOutcomes,
      queryId: queries.id,
      query: queries.text,
      reviewer: sql<
        string | null
      >`(select rv.reviewer from reviews rv where rv.item_kind = 'response' and rv.item_id = ${responses.id} order by rv.id desc limit 1)`,
    })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .where(inArray(responses.id, ids))
    .all();
  const position = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  const outcomes = outcomesOf(db, ids);
  return rows.map((r) => ({ ...r, outcomes: outcomes.get(r.id) ?? [] }));
}

export interface VerifierOutcome {
  verifierId: number;
  /** The verifier's per-project number, as people name it. */
  verifierNumber: number | null;
  outcome: "pass" | "fail" | "error";
  error: string | null;
}

/** Each response's verifier outcomes, by verifier id. */
export function outcomesOf(db: Db, responseIds: number[]): Map<number, VerifierOutcome[]> {
  const byResponse = new Map<number, VerifierOutcome[]>();
  if (responseIds.length === 0) return byResponse;
  const rows = db
    .select({
      targetId: verifierResults.targetId,
      verifierId: verifierResults.verifierId,
      verifierNumber: verifiers.number,
      outcome: verifierResults.outcome,
      error: verifierResults.error,
    })
    .from(verifierResults)
    .innerJoin(verifiers, eq(verifiers.id, verifierResults.verifierId))
    .where(
      and(
        eq(verifierResults.targetKind, "response"),
        inArray(verifierResults.targetId, responseIds),
      ),
    )
    .orderBy(asc(verifierResults.targetId), asc(verifierResults.verifierId))
    .all();
  for (const r of rows) {
    const list = byResponse.get(r.targetId) ?? [];
    list.push({
      verifierId: r.verifierId,
      verifierNumber: r.verifierNumber,
      outcome: r.outcome,
      error: r.error,
    });
    byResponse.set(r.targetId, list);
  }
  return byResponse;
}

/** The start of a drop reason that names its kind ("pass rate", "score", "no parsable judge score"). */
export function reasonKind(reason: string): string {
  return reason.replace(/[\s:]*[\d"(].*$/s, "").trim() || reason;
}

/** Counts for the filter controls: per pipeline status, review status and drop-reason kind. */
export function responseFacets(db: Db, projectId: number) {
  const rows = db
    .select({
      pipeline: responses.pipelineStatus,
      review: responses.reviewStatus,
      reason: responses.dropReason,
      n: count(),
    })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .groupBy(responses.pipelineStatus, responses.reviewStatus, responses.dropReason)
    .all();
  const pipeline: Record<string, number> = {};
  const review: Record<string, number> = {};
  const reasons = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    total += r.n;
    pipeline[r.pipeline] = (pipeline[r.pipeline] ?? 0) + r.n;
    review[r.review] = (review[r.review] ?? 0) + r.n;
    if (r.reason) reasons.set(reasonKind(r.reason), (reasons.get(reasonKind(r.reason)) ?? 0) + r.n);
  }
  const byConstraints = db
    .select({ k: instructions.constraintCount, n: count() })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .groupBy(instructions.constraintCount)
    .all();
  return {
    total,
    pipeline,
    review,
    constraints: Object.fromEntries(byConstraints.map((c) => [String(c.k), c.n])) as Record<
      string,
      number
    >,
    reasons: [...reasons]
      .map(([reason, n]) => ({ reason, count: n }))
      .sort((a, b) => b.count - a.count),
  };
}
