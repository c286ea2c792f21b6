import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns";
import { projects } from "./projects";

/**
 * A project's train/test split (lib/rl/split.ts): each instruction's and query's side follows from
 * the seed and its normalized-text hash, so nothing per item is stored and an item's side never
 * changes while the split stands. No row: the project has no split, and exports say so.
 */
export const splits = sqliteTable("splits", {
  projectId: integer("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  seed: integer("seed").notNull(),
  testFraction: real("test_fraction").notNull(),
  /** The assignment rule's version (SPLIT_VERSION when written). */
  version: integer("version").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * One request the reward server answered: counts, time and the refusal reason, never a text of the
 * request (the queries are the trainer's). What the Export page's reward-server panel shows.
 */
export const rewardRequests = sqliteTable(
  "reward_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** studio: POST /api/projects/<id>/rewards; serve: `autoif rewards serve`. */
    origin: text("origin", { enum: ["studio", "serve"] }).notNull(),
    /** The HTTP status answered: 200, or 400/413 for a request scored not at all. */
    status: integer("status").notNull(),
    items: integer("items").notNull(),
    /** Distinct labels in the request. */
    labels: integer("labels").notNull(),
    /** Items given reward 0 without a verdict: unknown label, held-out instruction, no verifier, query without its prompt. */
    unscored: integer("unscored").notNull(),
    unknownLabels: integer("unknown_labels").notNull(),
    heldOut: integer("held_out").notNull(),
    /** Verifier calls made, and those that ended in an error (time-out, throw, crash...). */
    evaluations: integer("evaluations").notNull(),
    verifierErrors: integer("verifier_errors").notNull(),
    meanReward: real("mean_reward"),
    durationMs: real("duration_ms").notNull(),
    /** Why a 400/413 was answered (names the field, never a text from the request). */
    message: text("message"),
    createdAt: createdAt(),
  },
  (t) => [index("reward_requests_project_idx").on(t.projectId, t.id)],
);
