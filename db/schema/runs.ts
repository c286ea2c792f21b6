import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns";
import { projects } from "./projects";

export const runStates = ["queued", "running", "paused", "finished", "failed", "cancelled"] as const;

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
    state: text("state", { enum: runStates }).notNull().default("queued"),
    /** Who holds the run (process id + host) and until when; an expired lease may be taken over. */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("runs_project_idx").on(t.projectId, t.id)],
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
    state: text("state", { enum: ["pending", "running", "done", "failed"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("stage_progress_run_stage_unique").on(t.runId, t.stage)],
);
