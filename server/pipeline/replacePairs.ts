import "server-only";
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { preferencePairs } from "@/db/schema";

/**
 * Replaces the DPO pairs of these samples with a new selection. A pair selected again (the same
 * sample, chosen and rejected response) keeps its per-project number and its review status, so a
 * recompute, a rerun of the pairs stage or a replay never renumbers a pair people have named, nor
 * silently undoes a reviewer's verdict on it; a new pair gets the next number.
 */
export function replacePairsOfSamples(
  tx: DbOrTx,
  sampleIds: readonly number[],
  pairs: ReadonlyArray<{ sampleId: number; chosen: number; rejected: number }>,
): void {
  const before = new Map<
    string,
    { number: number | null; review: "unreviewed" | "approved" | "rejected" }
  >();
  for (let i = 0; i < sampleIds.length; i += 500) {
    const part = sampleIds.slice(i, i + 500);
    for (const p of tx
      .select({
        sampleId: preferencePairs.sampleId,
        chosen: preferencePairs.chosenResponseId,
        rejected: preferencePairs.rejectedResponseId,
        number: preferencePairs.number,
        review: preferencePairs.reviewStatus,
      })
      .from(preferencePairs)
      .where(inArray(preferencePairs.sampleId, part))
      .all()) {
      before.set(`${p.sampleId}:${p.chosen}:${p.rejected}`, { number: p.number, review: p.review });
    }
    tx.delete(preferencePairs).where(inArray(preferencePairs.sampleId, part)).run();
  }
  for (const p of pairs) {
    const kept = before.get(`${p.sampleId}:${p.chosen}:${p.rejected}`);
    // number null: the insert trigger gives the project's next one.
    tx.insert(preferencePairs)
      .values({
        sampleId: p.sampleId,
        chosenResponseId: p.chosen,
        rejectedResponseId: p.rejected,
        pipelineStatus: "kept",
        reviewStatus: kept?.review ?? "unreviewed",
        number: kept?.number ?? null,
      })
      .run();
  }
}
