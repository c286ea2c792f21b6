import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { projects } from "./projects";
import { responses } from "./responses";

/**
 * Human labels of responses: does the response truly follow its instruction? Separate from
 * `reviews` on purpose: a review approves or rejects a response for the dataset, a label is the
 * ground truth verifiers are measured against (a response can violate the instruction and still
 * be approved as a DPO "rejected" side). Append-only; each reviewer's latest label counts.
 */
export const responseLabels = sqliteTable(
  "response_labels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    responseId: integer("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    /** follows / violates the instruction; clear withdraws this reviewer's label. */
    label: text("label", { enum: ["follows", "violates", "clear"] }).notNull(),
    note: text("note"),
    reviewer: text("reviewer").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("response_labels_response_idx").on(t.responseId, t.id)],
);
