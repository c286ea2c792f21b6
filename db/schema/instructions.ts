import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { VERIFIER_LANGUAGES } from "../../lib/verifier/language";
import { createdAt, pipelineStatuses, reviewStatuses, updatedAt } from "./columns";
import { llmCalls } from "./llm";
import { projects, seedInstructions } from "./projects";
import { runs } from "./runs";

export const instructions = sqliteTable(
  "instructions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    originSeedId: integer("origin_seed_id").references(() => seedInstructions.id, {
      onDelete: "set null",
    }),
    originCallId: integer("origin_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    normalizedHash: text("normalized_hash").notNull(),
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses }).notNull().default("pending"),
    /** The last pipeline stage that finished with this instruction (null: just augmented). */
    pipelineStage: text("pipeline_stage"),
    dropReason: text("drop_reason"),
    reviewStatus: text("review_status", { enum: reviewStatuses }).notNull().default("unreviewed"),
    /** Per-project number shown to users (the project's first is 1); set by a trigger at insert, never reused. */
    number: integer("number"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("instructions_project_hash_unique").on(t.projectId, t.normalizedHash),
    uniqueIndex("instructions_project_number_unique").on(t.projectId, t.number),
    index("instructions_project_status_idx").on(t.projectId, t.pipelineStatus),
  ],
);

export const verifiers = sqliteTable(
  "verifiers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instructionId: integer("instruction_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    /** The language `source` is written in; the engine that runs it (QuickJS or Pyodide). */
    language: text("language", { enum: VERIFIER_LANGUAGES }).notNull().default("javascript"),
    origin: text("origin", { enum: ["llm", "user"] }).notNull(),
    llmCallId: integer("llm_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    author: text("author"),
    version: integer("version").notNull().default(1),
    parentId: integer("parent_id"),
    compileStatus: text("compile_status", { enum: ["unknown", "ok", "error"] })
      .notNull()
      .default("unknown"),
    compileError: text("compile_error"),
    /** Fraction of kept test cases this verifier agrees with, 0..1; null before cross-validation. */
    accuracy: real("accuracy"),
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses }).notNull().default("pending"),
    dropReason: text("drop_reason"),
    reviewStatus: text("review_status", { enum: reviewStatuses }).notNull().default("unreviewed"),
    createdAt: createdAt(),
  },
  (t) => [
    index("verifiers_instruction_idx").on(t.instructionId),
    check("verifiers_language_check", sql`${t.language} IN ('javascript', 'python')`),
  ],
);

export const testCases = sqliteTable(
  "test_cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instructionId: integer("instruction_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    input: text("input").notNull(),
    expected: integer("expected", { mode: "boolean" }).notNull(),
    /** The expectation as the LLM wrote it when that was not a boolean (e.g. "True"), as JSON; presets decide how to read it. */
    expectedRaw: text("expected_raw"),
    origin: text("origin", { enum: ["llm", "user"] }).notNull(),
    llmCallId: integer("llm_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses }).notNull().default("pending"),
    dropReason: text("drop_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("test_cases_instruction_idx").on(t.instructionId)],
);

export const backTranslations = sqliteTable(
  "back_translations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instructionId: integer("instruction_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    verifierId: integer("verifier_id")
      .notNull()
      .references(() => verifiers.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    judgeLabel: text("judge_label", { enum: ["entail", "neutral", "contradict"] }),
    llmCallId: integer("llm_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    judgeCallId: integer("judge_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("back_translations_instruction_idx").on(t.instructionId)],
);
