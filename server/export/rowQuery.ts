import "server-only";
import { and, asc, eq, gt, inArray, ne, or, Placeholder, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db, DbOrTx } from "@/db/client";
import { instructions, preferencePairs, queries, responses, samples } from "@/db/schema";
import type { ExportFilters } from "@/lib/formats/exportRequest";
import { getSplit, testInstructionIds } from "../services/splits";
import { instructionOfSample } from "@/db/projectScope";

/** One row as read for export, before it becomes a line: the item, its prompt parts and texts. */
export interface ExportSourceRow {
  itemId: number;
  sampleId: number;
  instructionId: number;
  runId: number | null;
  query: string;
  instruction: string;
  /** SFT: the response; DPO: the chosen response; as a JSON string literal in UTF-8 bytes. */
  text: Buffer;
  /** DPO only: the rejected response, JSON-quoted like `text`. */
  rejected: Buffer | null;
  /** DPO only: the chosen and the rejected response's ids (an unpaired export writes each response once). */
  chosenId: number | null;
  rejectedId: number | null;
}

export type ExportKind = "sft" | "dpo";

const chosen = alias(responses, "chosen");
const rejected = alias(responses, "rejected");

const allLabel = (kind: ExportKind) =>
  kind === "sft" ? "responses in the project" : "pairs in the project";

function rangeLabel(name: string, min: number | null, max: number | null) {
  if (min === null && max === null) return `${name}: any`;
  if (min !== null && max !== null) return `${name} ${min} to ${max}`;
  return min !== null ? `${name} ≥ ${min}` : `${name} ≤ ${max}`;
}

/**
 * The ids of the project's held-out (test) instructions, or null when it has no split. SFT and DPO
 * files are training data, so a split's test instructions never go into one (docs/rl.md).
 */
export function heldOutInstructions(db: DbOrTx, projectId: number): number[] | null {
  const split = getSplit(db, projectId);
  return split === null ? null : [...testInstructionIds(db, projectId, split)];
}

const splitLabel = (heldOut: readonly number[]) =>
  `train split (${heldOut.length} held-out test instruction${heldOut.length === 1 ? "" : "s"} left out)`;

/** The filter steps in the order they apply, each a condition (null: the step keeps everything). */
function filterSteps(
  kind: ExportKind,
  f: ExportFilters,
  heldOut: readonly number[] | null,
): Array<{ step: string; label: string; cond: SQL | null }> {
  const item =
    kind === "sft"
      ? { pipeline: responses.pipelineStatus, review: responses.reviewStatus }
      : { pipeline: preferencePairs.pipelineStatus, review: preferencePairs.reviewStatus };
  const scored = kind === "sft" ? responses : chosen;
  const pipeline =
    f.pipeline === "kept"
      ? eq(item.pipeline, "kept")
      : f.pipeline === "kept-or-approved"
        ? or(eq(item.pipeline, "kept"), eq(item.review, "approved"))!
        : null;
  // A rejection is final: the item, its instruction, and for a pair its chosen response.
  const notRejected = [
    ne(item.review, "rejected"),
    ne(instructions.reviewStatus, "rejected"),
    ...(kind === "dpo" ? [ne(chosen.reviewStatus, "rejected")] : []),
  ];
  const review = and(
    ...notRejected,
    ...(f.review === "approved-only" ? [eq(item.review, "approved")] : []),
  )!;
  const bound = (col: SQLiteColumn, min: number | null, max: number | null) =>
    min === null && max === null
      ? null
      : and(
          ...(min !== null ? [sql`${col} >= ${min}`] : []),
          ...(max !== null ? [sql`${col} <= ${max}`] : []),
        )!;
  return [
    {
      step: "pipeline",
      label:
        f.pipeline === "kept"
          ? "pipeline kept"
          : f.pipeline === "kept-or-approved"
            ? "pipeline kept or reviewer approved"
            : "any pipeline status",
      cond: pipeline,
    },
    {
      step: "review",
      label:
        f.review === "approved-only"
          ? "reviewer approved (rejected never)"
          : "not reviewer rejected",
      cond: review,
    },
    {
      step: "instruction",
      label: `instruction status ${f.instructionStatus.join(" / ")}`,
      cond: inArray(instructions.pipelineStatus, f.instructionStatus),
    },
    // One JSON parameter however many ids: no limit on bound variables.
    ...(heldOut === null
      ? []
      : [
          {
            step: "split",
            label: splitLabel(heldOut),
            cond: sql`${instructions.id} not in (select value from json_each(${JSON.stringify(heldOut)}))`,
          },
        ]),
    {
      step: "score",
      label: rangeLabel(kind === "dpo" ? "chosen score" : "score", f.minScore, f.maxScore),
      cond: bound(scored.score, f.minScore, f.maxScore),
    },
    {
      step: "passRate",
      label: rangeLabel(
        kind === "dpo" ? "chosen pass rate" : "pass rate",
        f.minPassRate,
        f.maxPassRate,
      ),
      cond: bound(scored.passRate, f.minPassRate, f.maxPassRate),
    },
  ];
}

/** The items' join, not yet scoped: the counts and the scan each put the project in their where (the scan in a form that keeps SQLite off the project index). */
function fromClause(db: DbOrTx, kind: ExportKind, select: Record<string, unknown>) {
  if (kind === "sft") {
    return db
      .select(select as never)
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .innerJoin(instructions, instructionOfSample())
      .innerJoin(queries, eq(queries.id, samples.queryId));
  }
  return db
    .select(select as never)
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .innerJoin(instructions, instructionOfSample())
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .innerJoin(chosen, eq(chosen.id, preferencePairs.chosenResponseId))
    .innerJoin(rejected, eq(rejected.id, preferencePairs.rejectedResponseId));
}

/**
 * How many items of the project survive each filter step, cumulatively, in one scan: the first
 * entry is every item, the last the rows an export will hold before the contamination check.
 */
export function countByFilter(
  db: DbOrTx,
  projectId: number,
  kind: ExportKind,
  filters: ExportFilters,
) {
  const steps = filterSteps(kind, filters, heldOutInstructions(db, projectId));
  const select: Record<string, SQL<number>> = { all: sql<number>`count(*)` };
  const soFar: SQL[] = [];
  for (const s of steps) {
    if (s.cond) soFar.push(s.cond);
    select[s.step] =
      soFar.length === 0
        ? sql<number>`count(*)`
        : sql<number>`coalesce(sum(case when ${and(...soFar)} then 1 else 0 end), 0)`;
  }
  const row = fromClause(db, kind, select)
    .where(eq(instructions.projectId, projectId))
    .get() as unknown as Record<string, number>;
  return [
    { step: "all", label: allLabel(kind), rows: Number(row.all) },
    ...steps.map((s) => ({ step: s.step, label: s.label, rows: Number(row[s.step]) })),
  ];
}

/** The items a project holds, from the indexes alone (no table rows read): the scan's total. */
export function countItems(db: Db, projectId: number, kind: ExportKind): number {
  const item = kind === "sft" ? responses : preferencePairs;
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(instructions)
    .innerJoin(samples, instructionOfSample(projectId))
    .innerJoin(item, eq(item.sampleId, samples.id))
    .get();
  return row?.n ?? 0;
}

/** A batch of the scan: how many items it looked at, how many passed each filter step, and the rows that passed all. */
export interface ExportBatch {
  scanned: number;
  stepCounts: number[];
  rows: ExportSourceRow[];
}

/**
 * Scans every item of the project once, `batchSize` at a time in id order (keyset pages), so
 * memory stays flat and the connection is free between batches for other requests. SQL decides
 * how many filter steps each item passes, so the counts per step come from the very scan that
 * wrote the file (and agree with it even while a run writes); only rows passing every step
 * carry their texts.
 */
export function* scanExportRows(
  db: Db,
  projectId: number,
  kind: ExportKind,
  filters: ExportFilters,
  batchSize = 500,
  heldOut = heldOutInstructions(db, projectId),
): Generator<ExportBatch> {
  const steps = filterSteps(kind, filters, heldOut);
  const soFar: SQL[] = [];
  const cumulative = steps.map((s) => {
    if (s.cond) soFar.push(s.cond);
    return soFar.length > 0 ? sql`coalesce((${and(...soFar)}), 0)` : sql`1`;
  });
  const all = soFar.length > 0 ? sql`coalesce((${and(...soFar)}), 0)` : sql`1`;
  const idCol = kind === "sft" ? responses.id : preferencePairs.id;
  const select = {
    itemId: idCol,
    passed: sql<number>`(${sql.join(cumulative, sql` + `)})`,
    sampleId: samples.id,
    instructionId: samples.instructionId,
    runId: samples.runId,
    query: sql<string>`case when ${all} then ${queries.text} end`,
    instruction: sql<string>`case when ${all} then ${instructions.text} end`,
    // SQLite quotes the long texts itself and hands over bytes: no string decode, escape and
    // re-encode per response in JavaScript (the writer's main cost otherwise).
    text: sql<Buffer>`case when ${all} then cast(json_quote(${kind === "sft" ? responses.text : chosen.text}) as blob) end`,
    rejected:
      kind === "sft"
        ? sql<null>`null`
        : sql<Buffer>`case when ${all} then cast(json_quote(${rejected.text}) as blob) end`,
    chosenId: kind === "sft" ? sql<null>`null` : preferencePairs.chosenResponseId,
    rejectedId: kind === "sft" ? sql<null>`null` : preferencePairs.rejectedResponseId,
  };
  // Unary plus keeps SQLite off the project index: the scan must walk the item table in id
  // order, or every batch sorts all of the project's items again.
  const query = fromClause(db, kind, select)
    .where(
      and(sql`+${instructions.projectId} = ${projectId}`, gt(idCol, sql.placeholder("cursor"))),
    )
    .orderBy(asc(idCol))
    .limit(batchSize)
    .toSQL();
  // Drizzle builds the SQL; rows come back as bare arrays, since drizzle's per-field mapping
  // cost more than the reading itself at a million rows.
  const statement = db.$client.prepare(query.sql).raw(true);
  const cursorAt = query.params.findIndex((p) => p instanceof Placeholder);
  const params = [...query.params];
  let cursor = 0;
  for (;;) {
    params[cursorAt] = cursor;
    const items = statement.all(...params) as Array<
      [
        number,
        number,
        number,
        number,
        number | null,
        string,
        string,
        Buffer,
        Buffer | null,
        number | null,
        number | null,
      ]
    >;
    if (items.length === 0) return;
    cursor = items[items.length - 1]![0];
    const stepCounts = steps.map(() => 0);
    const rows: ExportSourceRow[] = [];
    for (const [
      itemId,
      passed,
      sampleId,
      instructionId,
      runId,
      queryText,
      instruction,
      text,
      rejectedText,
      chosenId,
      rejectedId,
    ] of items) {
      for (let k = 0; k < passed; k++) stepCounts[k]!++;
      if (passed === steps.length)
        rows.push({
          itemId,
          sampleId,
          instructionId,
          runId,
          query: queryText,
          instruction,
          text,
          rejected: rejectedText,
          chosenId,
          rejectedId,
        });
    }
    yield { scanned: items.length, stepCounts, rows };
    if (items.length < batchSize) return;
  }
}

/** The labels of the count steps an export reports, "all" first. */
export function countSteps(
  kind: ExportKind,
  filters: ExportFilters,
  heldOut: readonly number[] | null,
) {
  return [
    { step: "all", label: allLabel(kind) },
    ...filterSteps(kind, filters, heldOut).map(({ step, label }) => ({ step, label })),
  ];
}
