import "server-only";
import { eq } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { projects } from "@/db/schema";
import { ConflictError, NotFoundError } from "../errors";

export interface Guidelines {
  projectId: number;
  /** Plain text or Markdown; "" when the project has none. */
  text: string;
  /** Epoch ms of the last change, null when never written. */
  updatedAt: number | null;
}

/** A project's annotation guidelines. */
export function getGuidelines(db: Db, projectId: number): Guidelines {
  const row = db
    .select({ text: projects.guidelines, updatedAt: projects.guidelinesUpdatedAt })
    .from(projects)
    .where(eq(projects.id, projectId))
    .get();
  if (!row) throw new NotFoundError(`Project ${projectId} does not exist.`);
  return { projectId, text: row.text, updatedAt: row.updatedAt?.getTime() ?? null };
}

/**
 * Replaces a project's guidelines. `basedOn` is the `updatedAt` the writer started from: when
 * someone else saved in between, nothing is written and the writer is told to reload.
 */
export function setGuidelines(
  db: Db,
  input: { projectId: number; text: string; basedOn: number | null },
): Guidelines {
  return writeTransaction(db, (tx) => {
    const row = tx
      .select({ updatedAt: projects.guidelinesUpdatedAt })
      .from(projects)
      .where(eq(projects.id, input.projectId))
      .get();
    if (!row) throw new NotFoundError(`Project ${input.projectId} does not exist.`);
    const current = { updatedAt: row.updatedAt?.getTime() ?? null };
    if (current.updatedAt !== input.basedOn) {
      const message =
        "The guidelines were changed by someone else since you opened them; reload to see their version.";
      throw new ConflictError(message, [{ field: "text", message }]);
    }
    // Strictly later than the version it replaces, even within one millisecond.
    const now = new Date(Math.max(Date.now(), (current.updatedAt ?? 0) + 1));
    tx.update(projects)
      .set({ guidelines: input.text, guidelinesUpdatedAt: now })
      .where(eq(projects.id, input.projectId))
      .run();
    return { projectId: input.projectId, text: input.text, updatedAt: now.getTime() };
  });
}
