import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { instructions, preferencePairs, responses, reviews, samples } from "@/db/schema";
import { instructionOfSample } from "@/db/projectScope";
import { ConflictError, NotFoundError } from "../errors";
import { killPoint } from "../killPoints";

export type ReviewedKind = "response" | "pair";
export type Verdict = "approve" | "reject" | "clear";

/** The item's review status after a verdict: the latest verdict wins, and clear undoes a decision. */
export const statusAfter = { approve: "approved", reject: "rejected", clear: "unreviewed" } as const satisfies Record<Verdict, string>;

export interface VerdictInput {
  projectId: number;
  itemKind: ReviewedKind;
  itemIds: number[];
  verdict: Verdict;
  reason?: string | null;
  reviewer: string;
}

// SQLite caps bound parameters per statement; 500 ids (or 500 review rows of 6 values) stay well below.
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** How many of these ids are items of the project (responses and pairs belong through their sample's instruction). */
function countInProject(db: DbOrTx, projectId: number, kind: ReviewedKind, ids: number[]): number {
  let n = 0;
  for (const part of chunks(ids)) {
    const table = kind === "response" ? responses : preferencePairs;
    n +=
      db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .innerJoin(samples, eq(samples.id, table.sampleId))
        .innerJoin(instructions, instructionOfSample(projectId))
        .where(inArray(table.id, part))
        .get()?.n ?? 0;
  }
  return n;
}

/** Appends one review row per item and sets each item's review status; the caller's transaction holds both. */
function writeVerdicts(tx: DbOrTx, input: VerdictInput, ids: number[]) {
  const at = new Date();
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  let written = 0;
  for (const part of chunks(ids)) {
    tx.insert(reviews)
      .values(part.map((itemId) => ({ projectId: input.projectId, itemKind: input.itemKind, itemId, verdict: input.verdict, reason, reviewer: input.reviewer, createdAt: at })))
      .run();
    const status = statusAfter[input.verdict];
    if (input.itemKind === "response") tx.update(responses).set({ reviewStatus: status }).where(inArray(responses.id, part)).run();
    else tx.update(preferencePairs).set({ reviewStatus: status }).where(inArray(preferencePairs.id, part)).run();
    killPoint("bulk-review", ++written);
  }
}

/** Records a reviewer's verdict on some items of a project: history row and status together, or nothing. */
export function recordVerdicts(db: Db, input: VerdictInput): { count: number } {
  const ids = [...new Set(input.itemIds)];
  return db.transaction(
    (tx) => {
      if (countInProject(tx, input.projectId, input.itemKind, ids) !== ids.length) {
        throw new NotFoundError(`Some of these ${input.itemKind}s are not in this project.`);
      }
      writeVerdicts(tx, input, ids);
      return { count: ids.length };
    },
    { behavior: "immediate" },
  );
}

/**
 * Bulk review of everything a filter matches, in one transaction. `expectedCount` is the count the
 * reviewer confirmed; if the filter matches a different number now (a run or another reviewer
 * changed things), nothing is written and the conflict says so.
 */
export function recordBulkVerdict(
  db: Db,
  input: Omit<VerdictInput, "itemIds"> & { expectedCount: number; matchingIds: (tx: DbOrTx) => number[] },
): { count: number } {
  return db.transaction(
    (tx) => {
      const ids = input.matchingIds(tx);
      if (ids.length !== input.expectedCount) {
        throw new ConflictError(`The filter now matches ${ids.length.toLocaleString("en")} items, not the ${input.expectedCount.toLocaleString("en")} you confirmed; nothing was changed. Check the count and try again.`);
      }
      writeVerdicts(tx, { ...input, itemIds: ids }, ids);
      return { count: ids.length };
    },
    { behavior: "immediate" },
  );
}

/** Every verdict on one item, newest first: the append-only history a reviewer reads. */
export function reviewHistory(db: Db, projectId: number, itemKind: ReviewedKind, itemId: number) {
  return db
    .select({ id: reviews.id, verdict: reviews.verdict, reason: reviews.reason, reviewer: reviews.reviewer, createdAt: reviews.createdAt })
    .from(reviews)
    .where(and(eq(reviews.projectId, projectId), eq(reviews.itemKind, itemKind), eq(reviews.itemId, itemId)))
    .orderBy(desc(reviews.id))
    .all();
}
