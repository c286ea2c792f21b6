import "server-only";
import { and, asc, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import { instructions, preferencePairs, queries, responses, samples } from "@/db/schema";
import type { ExportFilters } from "@/lib/formats/exportRequest";

/** One row as read for export, before it becomes a line: the item, its prompt parts and texts. */
export interface ExportSourceRow {
  itemId: number;
  instructionId: number;
  runId: number | null;
  query: string;
  instruction: string;
  /** SFT: the response; DPO: the chosen response. */
  text: string;
  /** DPO only: the rejected response. */
  rejected: string | null;
}

export type ExportKind = "sft" | "dpo";

const chosen = alias(responses, "chosen");
const rejected = alias(responses, "rejected");

function rangeLabel(name: string, min: number | null, max: number | null) {
  if (min === null && max === null) return `${name}: any`;
  if (min !== null && max !== null) return `${name} ${min} to ${max}`;
  return min !== null ? `${name} ≥ ${min}` : `${name} ≤ ${max}`;
}

/** The filter steps in the order they apply, each a condition (null: the step keeps everything). */
function filterSteps(kind: ExportKind, f: ExportFilters): Array<{ step: string; label: string; cond: SQL | null }> {
  const item = kind === "sft" ? { pipeline: responses.pipelineStatus, review: responses.reviewStatus } : { pipeline: preferencePairs.pipelineStatus, review: preferencePairs.reviewStatus };
  const scored = kind === "sft" ? responses : chosen;
  const pipeline =
    f.pipeline === "kept" ? eq(item.pipeline, "kept") : f.pipeline === "kept-or-approved" ? or(eq(item.pipeline, "kept"), eq(item.review, "approved"))! : null;
  // A rejection is final: the item, its instruction, and for a pair its chosen response.
  const notRejected = [ne(item.review, "rejected"), ne(instructions.reviewStatus, "rejected"), ...(kind === "dpo" ? [ne(chosen.reviewStatus, "rejected")] : [])];
  const review = and(...notRejected, ...(f.review === "approved-only" ? [eq(item.review, "approved")] : []))!;
  const bound = (col: SQLiteColumn, min: number | null, max: number | null) =>
    min === null && max === null ? null : and(...(min !== null ? [sql`${col} >= ${min}`] : []), ...(max !== null ? [sql`${col} <= ${max}`] : []))!;
  return [
    { step: "pipeline", label: f.pipeline === "kept" ? "pipeline kept" : f.pipeline === "kept-or-approved" ? "pipeline kept or reviewer approved" : "any pipeline status", cond: pipeline },
    { step: "review", label: f.review === "approved-only" ? "reviewer approved (rejected never)" : "not reviewer rejected", cond: review },
    { step: "instruction", label: `instruction status ${f.instructionStatus.join(" / ")}`, cond: inArray(instructions.pipelineStatus, f.instructionStatus) },
    { step: "score", label: rangeLabel(kind === "dpo" ? "chosen score" : "score", f.minScore, f.maxScore), cond: bound(scored.score, f.minScore, f.maxScore) },
    { step: "passRate", label: rangeLabel(kind === "dpo" ? "chosen pass rate" : "pass rate", f.minPassRate, f.maxPassRate), cond: bound(scored.passRate, f.minPassRate, f.maxPassRate) },
  ];
}

function fromClause(db: Db, kind: ExportKind, select: Record<string, unknown>) {
  if (kind === "sft") {
    return db
      .select(select as never)
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .innerJoin(instructions, eq(instructions.id, samples.instructionId))
      .innerJoin(queries, eq(queries.id, samples.queryId));
  }
  return db
    .select(select as never)
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .innerJoin(instructions, eq(instructions.id, samples.instructionId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .innerJoin(chosen, eq(chosen.id, preferencePairs.chosenResponseId))
    .innerJoin(rejected, eq(rejected.id, preferencePairs.rejectedResponseId));
}

/**
 * How many items of the project survive each filter step, cumulatively, in one scan: the first
 * entry is every item, the last the rows an export will hold before the contamination check.
 */
export function countByFilter(db: Db, projectId: number, kind: ExportKind, filters: ExportFilters) {
  const steps = filterSteps(kind, filters);
  const select: Record<string, SQL<number>> = { all: sql<number>`count(*)` };
  const soFar: SQL[] = [];
  for (const s of steps) {
    if (s.cond) soFar.push(s.cond);
    select[s.step] = soFar.length === 0 ? sql<number>`count(*)` : sql<number>`coalesce(sum(case when ${and(...soFar)} then 1 else 0 end), 0)`;
  }
  const row = fromClause(db, kind, select).where(eq(instructions.projectId, projectId)).get() as unknown as Record<string, number>;
  return [
    { step: "all", label: kind === "sft" ? "responses in the project" : "pairs in the project", rows: Number(row.all) },
    ...steps.map((s) => ({ step: s.step, label: s.label, rows: Number(row[s.step]) })),
  ];
}

/**
 * Reads the rows an export holds, `batchSize` at a time in id order (keyset pages), so memory
 * stays flat and the connection is free between batches for other requests.
 */
export function* readExportRows(db: Db, projectId: number, kind: ExportKind, filters: ExportFilters, batchSize = 2_000): Generator<ExportSourceRow[]> {
  const conds = filterSteps(kind, filters).flatMap((s) => (s.cond ? [s.cond] : []));
  const idCol = kind === "sft" ? responses.id : preferencePairs.id;
  const select = {
    itemId: idCol,
    instructionId: samples.instructionId,
    runId: samples.runId,
    query: queries.text,
    instruction: instructions.text,
    text: kind === "sft" ? responses.text : chosen.text,
    rejected: kind === "sft" ? sql<null>`null` : rejected.text,
  };
  const statement = fromClause(db, kind, select)
    .where(and(eq(instructions.projectId, projectId), gt(idCol, sql.placeholder("cursor")), ...conds))
    .orderBy(asc(idCol))
    .limit(batchSize)
    .prepare();
  let cursor = 0;
  for (;;) {
    const rows = statement.all({ cursor }) as unknown as ExportSourceRow[];
    if (rows.length === 0) return;
    cursor = rows[rows.length - 1]!.itemId;
    yield rows;
    if (rows.length < batchSize) return;
  }
}
