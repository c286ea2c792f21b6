import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { preferencePairs, samples, testCases, verifiers } from "@/db/schema";
import type { CrossValidationResult } from "@/lib/autoif/crossValidate";

/** Writes cross-validation's function and case decisions; the caller's transaction holds them. */
export function writeFunctionAndCaseDecisions(tx: DbOrTx, cv: CrossValidationResult): void {
  for (const f of cv.functions) {
    tx.update(verifiers).set({ pipelineStatus: f.kept ? "kept" : "dropped", accuracy: f.accuracy, dropReason: f.reason }).where(eq(verifiers.id, f.id)).run();
  }
  for (const c of cv.cases) {
    tx.update(testCases).set({ pipelineStatus: c.kept ? "kept" : "dropped", dropReason: c.reason }).where(eq(testCases.id, c.id)).run();
  }
}

/**
 * Replaces an instruction's DPO pairs with a new selection. A pair selected again keeps its review
 * status, so recomputing never silently undoes a reviewer's verdict on an unchanged pair.
 */
export function replacePairs(tx: DbOrTx, instructionId: number, pairs: ReadonlyArray<{ sampleId: number; chosen: number; rejected: number }>): void {
  const sampleIds = tx.select({ id: samples.id }).from(samples).where(eq(samples.instructionId, instructionId)).all().map((s) => s.id);
  if (!sampleIds.length) return;
  const reviewed = new Map(
    tx
      .select({ chosen: preferencePairs.chosenResponseId, rejected: preferencePairs.rejectedResponseId, review: preferencePairs.reviewStatus })
      .from(preferencePairs)
      .where(inArray(preferencePairs.sampleId, sampleIds))
      .all()
      .map((p) => [`${p.chosen}:${p.rejected}`, p.review]),
  );
  tx.delete(preferencePairs).where(inArray(preferencePairs.sampleId, sampleIds)).run();
  for (const p of pairs) {
    const reviewStatus = reviewed.get(`${p.chosen}:${p.rejected}`) ?? "unreviewed";
    tx.insert(preferencePairs).values({ sampleId: p.sampleId, chosenResponseId: p.chosen, rejectedResponseId: p.rejected, pipelineStatus: "kept", reviewStatus }).run();
  }
}
