import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { projects } from "./projects";
import { runs } from "./runs";

export const llmCalls = sqliteTable(
  "llm_calls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => runs.id, { onDelete: "set null" }),
    /** Hash of (model, messages, sampling params, sample index): the resume cache key. */
    requestHash: text("request_hash").notNull(),
    role: text("role", { enum: ["generator", "judge"] }).notNull(),
    model: text("model").notNull(),
    /** Base URL of the endpoint, never its key. */
    endpoint: text("endpoint").notNull(),
    request: text("request", { mode: "json" }).notNull(),
    response: text("response", { mode: "json" }),
    status: text("status", { enum: ["pending", "completed", "failed"] }).notNull(),
    error: text("error"),
    tokensIn: integer("tokens_in"),
    tokensOut: integer("tokens_out"),
    latencyMs: integer("latency_ms"),
    costUsd: real("cost_usd"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("llm_calls_project_hash_unique").on(t.projectId, t.requestHash),
    index("llm_calls_run_idx").on(t.runId, t.role),
  ],
);

export const exports = sqliteTable(
  "exports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** sft and dpo: lib/formats/manifest.ts; rlvr: lib/rl/rlvrFormats.ts (a manifest of its own). */
    kind: text("kind", { enum: ["sft", "dpo", "rlvr"] }).notNull(),
    format: text("format").notNull(),
    filters: text("filters", { mode: "json" }).notNull(),
    rowCount: integer("row_count").notNull(),
    filePath: text("file_path"),
    fileSha256: text("file_sha256"),
    manifest: text("manifest", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("exports_project_idx").on(t.projectId, t.id)],
);
