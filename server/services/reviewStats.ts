import "server-only";
import { and, asc, count, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { instructions, preferencePairs, responses, reviews, samples } from "@/db/schema";
import { instructionOfSample } from "@/db/projectScope";

export interface Progress {
  reviewed: number;
  total: number;
}

/** "Reviewed N of M" for each kind a reviewer works through: items with a verdict that stands (not cleared). */
export function reviewProgress(
  db: DbOrTx,
  projectId: number,
): { instructions: Progress; responses: Progress; pairs: Progress } {
  const tally = (rows: Array<{ status: string; n: number }>): Progress => ({
    reviewed: rows.filter((r) => r.status !== "unreviewed").reduce((s, r) => s + r.n, 0),
    total: rows.reduce((s, r) => s + r.n, 0),
  });
  const ins = db
    .select({ status: instructions.reviewStatus, n: count() })
    .from(instructions)
    .where(eq(instructions.projectId, projectId))
    .groupBy(instructions.reviewStatus)
    .all();
  const res = db
    .select({ status: responses.reviewStatus, n: count() })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .groupBy(responses.reviewStatus)
    .all();
  const pairs = db
    .select({ status: preferencePairs.reviewStatus, n: count() })
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .groupBy(preferencePairs.reviewStatus)
    .all();
  return { instructions: tally(ins), responses: tally(res), pairs: tally(pairs) };
}

/** A gap longer than this between two of a reviewer's verdicts is a break, not time spent on an item. */
export const BREAK_MS = 10 * 60_000;

export interface ReviewerStats {
  reviewer: string;
  approve: number;
  reject: number;
  clear: number;
  /** Verdicts taken back by an undo. */
  undone: number;
  /** Bulk verdicts (one verdict on many items) and the items they covered. */
  bulk: number;
  bulkItems: number;
  /** Median time per item in seconds: the gaps between consecutive one-item verdicts, breaks left out; null below two. */
  medianSeconds: number | null;
  timedItems: number;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Verdicts per reviewer on every kind of item of the project (the audit's too), and the median
 * time per item. One recorded verdict (one batch) counts once per item in the verdict counts; a
 * bulk verdict counts in `bulk` and never in the timing, nor do undos.
 */
export function reviewStats(db: DbOrTx, projectId: number): ReviewerStats[] {
  const rows = db
    .select({
      id: reviews.id,
      reviewer: reviews.reviewer,
      verdict: reviews.verdict,
      batchId: reviews.batchId,
      undoes: reviews.undoesBatchId,
      at: reviews.createdAt,
    })
    .from(reviews)
    .where(and(eq(reviews.projectId, projectId), ne(reviews.reviewer, "")))
    .orderBy(asc(reviews.id))
    .all();
  const batchSize = new Map<string, number>();
  for (const r of rows)
    if (r.batchId) batchSize.set(r.batchId, (batchSize.get(r.batchId) ?? 0) + 1);
  const undoneBatches = new Set(rows.map((r) => r.undoes).filter((b): b is string => b !== null));
  const by = new Map<
    string,
    ReviewerStats & { last: number | null; gaps: number[]; bulkSeen: Set<string> }
  >();
  for (const r of rows) {
    let s = by.get(r.reviewer);
    if (!s) {
      s = {
        reviewer: r.reviewer,
        approve: 0,
        reject: 0,
        clear: 0,
        undone: 0,
        bulk: 0,
        bulkItems: 0,
        medianSeconds: null,
        timedItems: 0,
        last: null,
        gaps: [],
        bulkSeen: new Set(),
      };
      by.set(r.reviewer, s);
    }
    if (r.undoes) continue; // an undo is not a verdict of its own
    s[r.verdict]++;
    if (r.batchId && undoneBatches.has(r.batchId)) s.undone++;
    const size = r.batchId ? batchSize.get(r.batchId)! : 1;
    if (size > 1) {
      s.bulkItems++;
      if (!s.bulkSeen.has(r.batchId!)) {
        s.bulkSeen.add(r.batchId!);
        s.bulk++;
      }
      continue;
    }
    const t = r.at.getTime();
    if (s.last !== null && t - s.last <= BREAK_MS) s.gaps.push(t - s.last);
    s.last = t;
  }
  return [...by.values()]
    .map(({ last: _l, gaps, bulkSeen: _b, ...s }) => ({
      ...s,
      medianSeconds: gaps.length ? median(gaps)! / 1000 : null,
      timedItems: gaps.length,
    }))
    .sort(
      (a, b) =>
        b.approve + b.reject + b.clear - (a.approve + a.reject + a.clear) ||
        a.reviewer.localeCompare(b.reviewer),
    );
}
