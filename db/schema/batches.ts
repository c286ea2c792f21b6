import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { llmCalls } from "./llm";
import { projects } from "./projects";
import { runs } from "./runs";

/**
 * The LLM requests one stage of a run could not answer from the call log while it ran offline:
 * written as OpenAI Batch JSONL files, answered by `vllm run-batch` or a Batch API, imported back
 * into `llm_calls` (server/batch).
 */
export const batchJobs = sqliteTable(
  "batch_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    stage: text("stage").notNull(),
    /** waiting: some requests have no imported answer yet; imported: every request has one. */
    state: text("state", { enum: ["waiting", "imported"] })
      .notNull()
      .default("waiting"),
    /** Folder the studio wrote the input files and manifest to. */
    dir: text("dir"),
    createdAt: createdAt(),
  },
  (t) => [index("batch_jobs_run_idx").on(t.runId, t.id)],
);

/** One input file of a batch job: at most 50,000 lines and 200 MB, one role (one model and endpoint). */
export const batchFiles = sqliteTable(
  "batch_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: integer("job_id")
      .notNull()
      .references(() => batchJobs.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role", { enum: ["generator", "judge"] }).notNull(),
    model: text("model").notNull(),
    lines: integer("lines").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** Set when the studio submitted the file to a Batch API itself. */
    apiBaseUrl: text("api_base_url"),
    apiInputFileId: text("api_input_file_id"),
    apiBatchId: text("api_batch_id"),
    apiStatus: text("api_status"),
    importedAt: integer("imported_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("batch_files_job_name_unique").on(t.jobId, t.name)],
);

/** One line of an input file; `customId` is the call log's request hash. */
export const batchRequests = sqliteTable(
  "batch_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: integer("job_id")
      .notNull()
      .references(() => batchJobs.id, { onDelete: "cascade" }),
    fileId: integer("file_id")
      .notNull()
      .references(() => batchFiles.id, { onDelete: "cascade" }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** 1-based line in its input file. */
    line: integer("line").notNull(),
    customId: text("custom_id").notNull(),
    role: text("role", { enum: ["generator", "judge"] }).notNull(),
    kind: text("kind").notNull(),
    /** The chat-completions body exactly as the input line carries it (and a live call would send it). */
    body: text("body").notNull(),
    /** waiting: no answer imported; imported: a completed call; failed: an error line or an unusable answer. */
    status: text("status", { enum: ["waiting", "imported", "failed"] })
      .notNull()
      .default("waiting"),
    llmCallId: integer("llm_call_id").references(() => llmCalls.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("batch_requests_job_custom_unique").on(t.jobId, t.customId),
    index("batch_requests_project_custom_idx").on(t.projectId, t.customId),
  ],
);
