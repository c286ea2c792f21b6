import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { samples, testCases, verifiers } from "@/db/schema";
import type { CrossValidationResult } from "@/lib/autoif/crossValidate";
import { replacePairsOfSamples } from "../pipeline/replacePairs";

/** Writes cross-validation's function and case decisions; the caller's transaction holds them. */
export function writeFunctionAndCaseDecisions(tx: DbOrTx, cv: CrossValidationResult): void {
  for (const f of cv.functions) {
    tx.update(verifiers)
      .set({
        pipelineStatus: f.kept ? "kept" : "dropped",
        accuracy: f.accuracy,
        dropReason: f.reason,
      })
      .where(eq(verifiers.id, f.id))
      .run();
  }
  for (const c of cv.cases) {
    tx.update(testCases)
      .set({ pipelineStatus: c.kept ? "kept" : "dropped", dropReason: c.reason })
      .where(eq(testCases.id, c.id))
      .run();
  }
}

/** Replaces an instruction's DPO pairs with a new selection (replacePairsOfSamples over its samples). */
export function replacePairs(
  tx: DbOrTx,
  instructionId: number,
  pairs: ReadonlyArray<{ sampleId: number; chosen: number; rejected: number }>,
): void {
  const sampleIds = tx
    .select({ id: samples.id })
    .from(samples)
    .where(eq(samples.instructionId, instructionId))
    .all()
    .map((s) => s.id);
  if (!sampleIds.length) return;
  replacePairsOfSamples(tx, sampleIds, pairs);
}
