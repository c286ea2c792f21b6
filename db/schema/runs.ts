import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { runStates } from "../../lib/autoif/runStates";
import { createdAt, updatedAt } from "./columns";
import { projects } from "./projects";

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** The project's config at the time the run was created; the run never sees later edits. */
    config: text("config", { mode: "json" }).notNull(),
    configHash: text("config_hash").notNull(),
    /** First and last stage this run executes, inclusive. */
    fromStage: text("from_stage").notNull().default("augment"),
    toStage: text("to_stage").notNull().default("back-translate"),
    state: text("state", { enum: runStates }).notNull().default("queued"),
    /** Who holds the run (process id + host) and until when; an expired lease may be taken over. */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    error: text("error"),
    /**
     * Set when the run finished with 0 kept instructions, responses or pairs: names the stage and
     * the setting that dropped everything (lib/autoif/emptyResult.ts).
     */
    warning: text("warning"),
    /** Funnel and histograms of the project when the run finished, for comparing runs. */
    summary: text("summary", { mode: "json" }),
    /**
     * The run talks to the built-in scripted endpoint (the example run): a resume starts that
     * endpoint afresh instead of calling the dead port in the snapshot.
     */
    scriptedEndpoint: integer("scripted_endpoint", { mode: "boolean" }).notNull().default(false),
    /**
     * Stages whose LLM calls go offline: a request the call log cannot answer is written to an
     * OpenAI Batch JSONL file instead of being sent, and the run waits for its output (server/batch).
     */
    batchStages: text("batch_stages", { mode: "json" }).$type<string[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("runs_project_idx").on(t.projectId, t.id),
    // At most one live run per project, whatever process writes it (server/pipeline/runs.ts).
    // The states are lib/autoif/runStates' liveRunStates; SQL needs them spelled out.
    uniqueIndex("runs_one_live_per_project")
      .on(t.projectId)
      .where(sql`state in ('queued', 'running', 'stopping')`),
  ],
);

export const stageProgress = sqliteTable(
  "stage_progress",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    stage: text("stage").notNull(),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** What the stage is doing now, in a few words written by the stage ("running 22 functions on 61 cases"). */
    status: text("status"),
    /** When this process started the stage (its units/s and ETA count from here). */
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    state: text("state", { enum: ["pending", "running", "done", "failed"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("stage_progress_run_stage_unique").on(t.runId, t.stage)],
);

/**
 * A unit of work that ended without a usable result (an unparsable LLM output, a call that kept
 * failing); the raw text is kept so a researcher can see why.
 */
export const failedUnits = sqliteTable(
  "failed_units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    stage: text("stage").notNull(),
    /** Deterministic key of the unit, e.g. "verify-gen:12:3" (instruction 12, sample 3). */
    unitKey: text("unit_key").notNull(),
    llmCallId: integer("llm_call_id"),
    error: text("error").notNull(),
    raw: text("raw"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("failed_units_run_unit_unique").on(t.runId, t.unitKey)],
);
