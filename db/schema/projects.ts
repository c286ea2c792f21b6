import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns";

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    preset: text("preset", { enum: ["paper", "code"] })
      .notNull()
      .default("paper"),
    /** Every pipeline knob, validated by lib/schemas/pipelineConfig. */
    config: text("config", { mode: "json" }).notNull(),
    isExample: integer("is_example", { mode: "boolean" }).notNull().default(false),
    /** Annotation guidelines for this project's reviewers: plain text or Markdown, shown beside every review page. */
    guidelines: text("guidelines").notNull().default(""),
    /** When the guidelines were last changed (null: never written). */
    guidelinesUpdatedAt: integer("guidelines_updated_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("projects_name_unique").on(sql`lower(${t.name})`)],
);

export const seedInstructions = sqliteTable(
  "seed_instructions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    /** Hash of the normalized text; a project holds each normalized seed once. */
    normalizedHash: text("normalized_hash").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    source: text("source", { enum: ["typed", "imported", "example"] }).notNull(),
    /** File name and line for imported seeds, e.g. "seeds.jsonl:12". */
    sourceRef: text("source_ref"),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    /** Per-project number shown to users (the project's first is 1); set by a trigger at insert, never reused. */
    number: integer("number"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("seed_instructions_project_hash_unique").on(t.projectId, t.normalizedHash),
    uniqueIndex("seed_instructions_project_number_unique").on(t.projectId, t.number),
    index("seed_instructions_project_idx").on(t.projectId, t.id),
  ],
);

/** Small key-value facts about this database, e.g. whether the example project was created. */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAt(),
});

/**
 * The last per-project number given to each kind of item (seed, instruction, response, pair, verifier).
 * Insert triggers (migrations 0013, 0018) take the next one, so numbers follow insertion whoever inserts.
 */
export const projectCounters = sqliteTable(
  "project_counters",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["seed", "instruction", "response", "pair", "verifier"] }).notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.kind] })],
);
