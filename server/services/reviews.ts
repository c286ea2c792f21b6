import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "@/db/client";
import { instructions, preferencePairs, responses, reviews, samples, verifiers } from "@/db/schema";
import { instructionOfSample, instructionOfVerifier } from "@/db/projectScope";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { countByFilter } from "../export/rowQuery";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { killPoint } from "../killPoints";

/** What a reviewer gives verdicts on: responses and pairs on the review pages, instructions and verifiers on the audit page. */
export type ReviewedKind = "response" | "pair" | "instruction" | "verifier";
export type Verdict = "approve" | "reject" | "clear";

/** The item's review status after a verdict: the latest verdict wins, and clear undoes a decision. */
export const statusAfter = {
  approve: "approved",
  reject: "rejected",
  clear: "unreviewed",
} as const satisfies Record<Verdict, string>;

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

/**
 * How many of these ids are items of the project: instructions directly, verifiers through their
 * instruction, responses and pairs through their sample's instruction.
 */
function countInProject(db: DbOrTx, projectId: number, kind: ReviewedKind, ids: number[]): number {
  let n = 0;
  const count = { n: sql<number>`count(*)` };
  for (const part of chunks(ids)) {
    let q;
    if (kind === "instruction")
      q = db
        .select(count)
        .from(instructions)
        .where(and(eq(instructions.projectId, projectId), inArray(instructions.id, part)));
    else if (kind === "verifier")
      q = db
        .select(count)
        .from(verifiers)
        .innerJoin(instructions, instructionOfVerifier(projectId))
        .where(inArray(verifiers.id, part));
    else {
      const table = itemTable(kind);
      q = db
        .select(count)
        .from(table)
        .innerJoin(samples, eq(samples.id, table.sampleId))
        .innerJoin(instructions, instructionOfSample(projectId))
        .where(inArray(table.id, part));
    }
    n += q.get()?.n ?? 0;
  }
  return n;
}

/** A new batch id: every row of one recorded verdict carries it. */
const newBatchId = () => randomUUID();

const tables = {
  response: responses,
  pair: preferencePairs,
  instruction: instructions,
  verifier: verifiers,
} as const;
function itemTable<K extends ReviewedKind>(kind: K): (typeof tables)[K] {
  return tables[kind];
}

/**
 * Appends one review row per item (each with the status the item had before, for an undo) and
 * sets each item's review status; the caller's transaction holds both.
 */
function writeVerdicts(
  tx: DbOrTx,
  input: VerdictInput,
  ids: number[],
  batch: { batchId: string; undoesBatchId?: string },
) {
  const at = new Date();
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  let written = 0;
  const table = itemTable(input.itemKind);
  const status = statusAfter[input.verdict];
  for (const part of chunks(ids)) {
    const before = new Map(
      tx
        .select({ id: table.id, status: table.reviewStatus })
        .from(table)
        .where(inArray(table.id, part))
        .all()
        .map((r) => [r.id, r.status]),
    );
    tx.insert(reviews)
      .values(
        part.map((itemId) => ({
          projectId: input.projectId,
          itemKind: input.itemKind,
          itemId,
          verdict: input.verdict,
          reason,
          reviewer: input.reviewer,
          createdAt: at,
          batchId: batch.batchId,
          previousStatus: before.get(itemId) ?? null,
          undoesBatchId: batch.undoesBatchId ?? null,
        })),
      )
      .run();
    tx.update(table).set({ reviewStatus: status }).where(inArray(table.id, part)).run();
    killPoint("bulk-review", ++written);
  }
}

/** What a recorded verdict returns: how many items it set, and the batch an undo names. */
export interface Recorded {
  count: number;
  batchId: string;
}

/** Records a reviewer's verdict on some items of a project: history row and status together, or nothing. */
export function recordVerdicts(db: Db, input: VerdictInput): Recorded {
  const ids = [...new Set(input.itemIds)];
  return writeTransaction(db, (tx) => {
    if (countInProject(tx, input.projectId, input.itemKind, ids) !== ids.length) {
      throw new NotFoundError(`Some of these ${input.itemKind}s are not in this project.`);
    }
    const batchId = newBatchId();
    writeVerdicts(tx, input, ids, { batchId });
    return { count: ids.length, batchId };
  });
}

/**
 * Bulk review of everything a filter matches, in one transaction and as one batch (one undo takes
 * all of it back). `expectedCount` is the count the reviewer confirmed; if the filter matches a
 * different number now (a run or another reviewer changed things), nothing is written and the
 * conflict says so.
 */
export function recordBulkVerdict(
  db: Db,
  input: Omit<VerdictInput, "itemIds"> & {
    expectedCount: number;
    matchingIds: (tx: DbOrTx) => number[];
  },
): Recorded {
  return writeTransaction(db, (tx) => {
    const ids = input.matchingIds(tx);
    if (ids.length !== input.expectedCount) {
      throw new ConflictError(
        `The filter now matches ${ids.length.toLocaleString("en")} items, not the ${input.expectedCount.toLocaleString("en")} you confirmed; nothing was changed. Check the count and try again.`,
      );
    }
    const batchId = newBatchId();
    writeVerdicts(tx, { ...input, itemIds: ids }, ids, { batchId });
    return { count: ids.length, batchId };
  });
}

const verdictRestoring = { approved: "approve", rejected: "reject", unreviewed: "clear" } as const;

/** What an undo did: items restored (by status), and items left alone because a later verdict changed them. */
export interface Undone {
  restored: number;
  skipped: number;
  items: Array<{ id: number; status: "unreviewed" | "approved" | "rejected" }>;
  batchId: string;
}

/**
 * Takes back one recorded verdict, all of its items at once: each item whose verdict in force
 * (its latest that is not an undo and not undone) is still this batch's gets back the status it
 * had before, in one transaction. The history stays
 * append-only: the undo is itself a batch of verdicts ("undo"), naming the batch it undid. An item
 * another verdict changed since keeps that later verdict and is counted as skipped.
 */
export function undoBatch(
  db: Db,
  input: { projectId: number; batchId: string; reviewer: string },
): Undone {
  return writeTransaction(db, (tx) => {
    const rows = tx
      .select({
        id: reviews.id,
        itemKind: reviews.itemKind,
        itemId: reviews.itemId,
        previousStatus: reviews.previousStatus,
        verdict: reviews.verdict,
      })
      .from(reviews)
      .where(and(eq(reviews.projectId, input.projectId), eq(reviews.batchId, input.batchId)))
      .all();
    if (rows.length === 0)
      throw new NotFoundError("This verdict is not in this project's review history.");
    const kind = rows[0]!.itemKind;
    if (kind === "test_case")
      throw new InvalidInputError("Verdicts on test cases cannot be undone.");
    const table = itemTable(kind);
    // The item's verdict in force: its latest row that is neither an undo nor undone. Undoing the
    // latest verdict makes the one before it current again, so `u` twice goes back two verdicts.
    const latest = sql<number>`(select max(r2.id) from reviews r2 where r2.item_kind = ${kind} and r2.item_id = "reviews"."item_id" and r2.undoes_batch_id is null and not exists (select 1 from reviews u where u.undoes_batch_id = r2.batch_id))`;
    const current = tx
      .select({ itemId: reviews.itemId, previousStatus: reviews.previousStatus })
      .from(reviews)
      .innerJoin(table, eq(table.id, reviews.itemId))
      .where(
        and(
          eq(reviews.projectId, input.projectId),
          eq(reviews.batchId, input.batchId),
          eq(reviews.id, latest),
        ),
      )
      .all();
    if (current.length === 0) {
      throw new ConflictError(
        `Nothing to undo: each of the ${rows.length.toLocaleString("en")} items of this verdict has a later verdict (or the verdict was undone already).`,
      );
    }
    const byStatus = new Map<"unreviewed" | "approved" | "rejected", number[]>();
    for (const r of current) {
      const status = r.previousStatus ?? "unreviewed";
      byStatus.set(status, [...(byStatus.get(status) ?? []), r.itemId]);
    }
    const batchId = newBatchId();
    for (const [status, ids] of byStatus) {
      writeVerdicts(
        tx,
        {
          projectId: input.projectId,
          itemKind: kind,
          itemIds: ids,
          verdict: verdictRestoring[status],
          reason: "undo",
          reviewer: input.reviewer,
        },
        ids,
        { batchId, undoesBatchId: input.batchId },
      );
    }
    return {
      restored: current.length,
      skipped: rows.length - current.length,
      items: current.map((r) => ({ id: r.itemId, status: r.previousStatus ?? "unreviewed" })),
      batchId,
    };
  });
}

/** Every verdict on one item, newest first: the append-only history a reviewer reads. */
export function reviewHistory(db: Db, projectId: number, itemKind: ReviewedKind, itemId: number) {
  return db
    .select({
      id: reviews.id,
      verdict: reviews.verdict,
      reason: reviews.reason,
      reviewer: reviews.reviewer,
      createdAt: reviews.createdAt,
      undo: sql<number>`${reviews.undoesBatchId} is not null`,
      batchSize: sql<number>`case when "reviews"."batch_id" is null then 1 else (select count(*) from reviews b where b.batch_id = "reviews"."batch_id") end`,
    })
    .from(reviews)
    .where(
      and(
        eq(reviews.projectId, projectId),
        eq(reviews.itemKind, itemKind),
        eq(reviews.itemId, itemId),
      ),
    )
    .orderBy(desc(reviews.id))
    .all();
}

const ROLLBACK = Symbol("dry run");

/** Rows of the default export (SFT and DPO), counted with the export's own filter steps. */
function defaultExportRows(db: DbOrTx, projectId: number) {
  const filters = exportFiltersSchema.parse({});
  const last = (steps: Array<{ rows: number }>) => steps[steps.length - 1]!.rows;
  return {
    sft: last(countByFilter(db, projectId, "sft", filters)),
    dpo: last(countByFilter(db, projectId, "dpo", filters)),
  };
}

/** How a verdict would change the default export: rows before and after, per kind. */
export interface ExportImpact {
  count: number;
  sft: { before: number; after: number };
  dpo: { before: number; after: number };
}

/**
 * What a bulk verdict would change in the default export, before the reviewer confirms it: the
 * verdict is written in a transaction, the export's own counts are taken before and after it, and
 * the transaction is rolled back, so the answer is the export's filter logic itself, not a copy.
 */
export function bulkExportImpact(
  db: Db,
  input: Omit<VerdictInput, "itemIds" | "reason"> & { matchingIds: (tx: DbOrTx) => number[] },
): ExportImpact {
  let impact: ExportImpact | null = null;
  try {
    writeTransaction(db, (tx) => {
      const before = defaultExportRows(tx, input.projectId);
      const ids = input.matchingIds(tx);
      writeVerdicts(tx, { ...input, itemIds: ids }, ids, { batchId: "dry-run" });
      const after = defaultExportRows(tx, input.projectId);
      impact = {
        count: ids.length,
        sft: { before: before.sft, after: after.sft },
        dpo: { before: before.dpo, after: after.dpo },
      };
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return impact!;
}
