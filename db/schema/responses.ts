import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, pipelineStatuses, reviewStatuses, updatedAt } from "./columns";
import { instructions, verifiers } from "./instructions";
import { llmCalls } from "./llm";
import { projects } from "./projects";
import { runs } from "./runs";
import type { ConstraintOutcomes } from "../../lib/autoif/compound";

export const queries = sqliteTable(
  "queries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    normalizedHash: text("normalized_hash").notNull(),
    /** Pool file name and 1-based line the query came from. */
    sourceFile: text("source_file"),
    sourceLine: integer("source_line"),
    /** Length in characters (UTF-16 code units, as JavaScript counts). */
    length: integer("length").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("queries_project_hash_unique").on(t.projectId, t.normalizedHash)],
);

export const samples = sqliteTable(
  "samples",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instructionId: integer("instruction_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    queryId: integer("query_id")
      .notNull()
      .references(() => queries.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("samples_instruction_query_unique").on(t.instructionId, t.queryId)],
);

export const responses = sqliteTable(
  "responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sampleId: integer("sample_id")
      .notNull()
      .references(() => samples.id, { onDelete: "cascade" }),
    /** Which of the K responses for this sample (0-based), part of the LLM request hash. */
    sampleIndex: integer("sample_index").notNull(),
    text: text("text").notNull(),
    llmCallId: integer("llm_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    /** Passing verifiers / counted verifiers, 0..1; null before execution. */
    passRate: real("pass_rate"),
    /** Mean judge score 0..10; null before scoring or when no judge sample parsed. */
    score: real("score"),
    /** Each judge sample's score (null: unparsable); null when the response was never scored. */
    scoreSamples: text("score_samples", { mode: "json" }).$type<Array<number | null>>(),
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses })
      .notNull()
      .default("pending"),
    dropReason: text("drop_reason"),
    reviewStatus: text("review_status", { enum: reviewStatuses }).notNull().default("unreviewed"),
    /**
     * A compound instruction's response: each constraint's outcome by its own kept verifiers and
     * the strict and partial pass rates (passRate holds the one compose.passRate chose); null for
     * an atomic instruction's response or before execution.
     */
    constraintOutcomes: text("constraint_outcomes", { mode: "json" }).$type<ConstraintOutcomes>(),
    /** Per-project number shown to users (the project's first is 1); set by a trigger at insert, never reused. */
    number: integer("number"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("responses_sample_index_unique").on(t.sampleId, t.sampleIndex),
    index("responses_status_idx").on(t.pipelineStatus, t.reviewStatus),
    // Covering indexes for the review list: its filters, sorts and counts at 100k responses never
    // read the rows (and their long texts); one is entered from the sample, one from the status.
    index("responses_review_cover_idx").on(
      t.sampleId,
      t.pipelineStatus,
      t.reviewStatus,
      t.passRate,
      t.score,
      t.dropReason,
    ),
    index("responses_status_cover_idx").on(
      t.pipelineStatus,
      t.reviewStatus,
      t.sampleId,
      t.passRate,
      t.score,
      t.dropReason,
    ),
  ],
);

export const preferencePairs = sqliteTable(
  "preference_pairs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sampleId: integer("sample_id")
      .notNull()
      .references(() => samples.id, { onDelete: "cascade" }),
    chosenResponseId: integer("chosen_response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    rejectedResponseId: integer("rejected_response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses }).notNull().default("kept"),
    reviewStatus: text("review_status", { enum: reviewStatuses }).notNull().default("unreviewed"),
    /** Per-project number shown to users (the project's first is 1); set by a trigger at insert, never reused. */
    number: integer("number"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("preference_pairs_unique").on(t.sampleId, t.chosenResponseId, t.rejectedResponseId),
  ],
);

export const verifierResults = sqliteTable(
  "verifier_results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    verifierId: integer("verifier_id")
      .notNull()
      .references(() => verifiers.id, { onDelete: "cascade" }),
    targetKind: text("target_kind", { enum: ["case", "response"] }).notNull(),
    /** A test_cases.id or responses.id, by targetKind. */
    targetId: integer("target_id").notNull(),
    outcome: text("outcome", { enum: ["pass", "fail", "error"] }).notNull(),
    error: text("error"),
    durationMs: real("duration_ms").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("verifier_results_unique").on(t.verifierId, t.targetKind, t.targetId),
    index("verifier_results_target_idx").on(t.targetKind, t.targetId),
  ],
);

export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    itemKind: text("item_kind", {
      enum: ["instruction", "verifier", "test_case", "response", "pair"],
    }).notNull(),
    itemId: integer("item_id").notNull(),
    verdict: text("verdict", { enum: ["approve", "reject", "clear"] }).notNull(),
    reason: text("reason"),
    reviewer: text("reviewer").notNull(),
    /**
     * The verdict this row belongs to: one id for every item of one recorded verdict (a bulk
     * verdict on 292 responses is one batch), so an undo takes back the whole verdict at once.
     */
    batchId: text("batch_id"),
    /** The item's review status before this row, which an undo of the batch restores. */
    previousStatus: text("previous_status", { enum: reviewStatuses }),
    /** On the rows of an undo: the batch it took back. */
    undoesBatchId: text("undoes_batch_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("reviews_item_idx").on(t.itemKind, t.itemId, t.id),
    index("reviews_batch_idx").on(t.batchId),
    index("reviews_undoes_idx").on(t.undoesBatchId),
  ],
);
