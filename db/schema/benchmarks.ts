import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { projects } from "./projects";

/**
 * A benchmark prompt file a user registered for the contamination check (e.g. their local copy
 * of an evaluation set). The prompts are kept, not a path, so a check is repeatable after the
 * file moves, and the sha256 of the bytes as uploaded goes into every manifest that used it.
 */
export const benchmarkFiles = sqliteTable(
  "benchmark_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    sha256: text("sha256").notNull(),
    textField: text("text_field").notNull(),
    promptCount: integer("prompt_count").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("benchmark_files_project_sha_unique").on(t.projectId, t.sha256)],
);

export const benchmarkPrompts = sqliteTable(
  "benchmark_prompts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    benchmarkId: integer("benchmark_id")
      .notNull()
      .references(() => benchmarkFiles.id, { onDelete: "cascade" }),
    /** 1-based line in the registered file. */
    line: integer("line").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("benchmark_prompts_benchmark_idx").on(t.benchmarkId, t.line)],
);
