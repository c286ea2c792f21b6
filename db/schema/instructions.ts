import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
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
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses })
      .notNull()
      .default("pending"),
    /** The last pipeline stage that finished with this instruction (null: just augmented). */
    pipelineStage: text("pipeline_stage"),
    dropReason: text("drop_reason"),
    reviewStatus: text("review_status", { enum: reviewStatuses }).notNull().default("unreviewed"),
    /** Per-project number shown to users (the project's first is 1); set by a trigger at insert, never reused. */
    number: integer("number"),
    /** atomic: one constraint with verifiers of its own; compound: 2..n atomic ones joined by the compose stage. */
    kind: text("kind", { enum: ["atomic", "compound"] })
      .notNull()
      .default("atomic"),
    /** Constraints the instruction holds: 1 for an atomic one, its constituents for a compound. */
    constraintCount: integer("constraint_count").notNull().default(1),
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
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses })
      .notNull()
      .default("pending"),
    dropReason: text("drop_reason"),
    reviewStatus: text("review_status", { enum: reviewStatuses }).notNull().default("unreviewed"),
    /** Per-project number shown to users (the project's first is 1); set by a trigger at insert, never reused; a new version gets its own. */
    number: integer("number"),
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
    pipelineStatus: text("pipeline_status", { enum: pipelineStatuses })
      .notNull()
      .default("pending"),
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

/** The atomic instructions a compound one joins, in the order its text names them. */
export const compoundConstituents = sqliteTable(
  "compound_constituents",
  {
    compoundId: integer("compound_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    constituentId: integer("constituent_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    /** 0-based place in the compound's text. */
    position: integer("position").notNull(),
  },
  (t) => [
    uniqueIndex("compound_constituents_unique").on(t.compoundId, t.constituentId),
    index("compound_constituents_constituent_idx").on(t.constituentId),
  ],
);

/**
 * Whether two atomic instructions of a project can hold in one answer, found by execution
 * (lib/autoif/compose.ts): a known or generated text passing both instructions' kept verifiers is
 * a witness of compatibility; without one the judge's verdict stands, marked unverified.
 */
export const constraintPairs = sqliteTable(
  "constraint_pairs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    /** The pair, smaller id first. */
    aId: integer("a_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    bId: integer("b_id")
      .notNull()
      .references(() => instructions.id, { onDelete: "cascade" }),
    verdict: text("verdict", { enum: ["compatible", "conflict", "unknown"] }).notNull(),
    /** known: a test case or response passes both; generated: the generator wrote one that passes both; judge: no witness, the judge's word (unverified). */
    evidence: text("evidence", { enum: ["known", "generated", "judge", "none"] }).notNull(),
    witness: text("witness"),
    /** Where the witness came from: "test case #12 of instruction #3", "response #40", "generated (attempt 2)". */
    witnessSource: text("witness_source"),
    /** Why there is no witness, or what the judge said. */
    reason: text("reason"),
    /** Generator attempts made (0 when a known text was enough). */
    attempts: integer("attempts").notNull().default(0),
    llmCallId: integer("llm_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("constraint_pairs_unique").on(t.projectId, t.aId, t.bId)],
);
