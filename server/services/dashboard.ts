import "server-only";
import { eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, responses, samples, verifiers } from "@/db/schema";
import { instructionOfSample, instructionOfVerifier } from "@/db/projectScope";

export interface HistogramBin {
  /** Lower edge of the bin; the bin holds values >= from and < to (the last bin includes to). */
  from: number;
  to: number;
  kept: number;
  dropped: number;
  pending: number;
}

/** `bins` equal bins over [0, max]; rows give a bin index (already clamped), a status and a count. */
function binsOf(
  rows: Array<{ bin: number; status: string; n: number }>,
  bins: number,
  max: number,
): HistogramBin[] {
  const out: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({
    from: (i * max) / bins,
    to: ((i + 1) * max) / bins,
    kept: 0,
    dropped: 0,
    pending: 0,
  }));
  for (const r of rows) {
    const bin = out[Math.min(bins - 1, Math.max(0, r.bin))]!;
    if (r.status === "kept" || r.status === "dropped" || r.status === "pending")
      bin[r.status] += r.n;
  }
  return out;
}

/**
 * Distributions the dashboard charts: verifier accuracy on kept test cases (0..1, 10 bins),
 * response pass rate (0..1, 10 bins) and mean judge score (0..10, 10 bins), each split by
 * pipeline status. Items without the value (not executed, not scored) are left out.
 */
export function projectHistograms(db: Db, projectId: number) {
  const accuracy = db
    .select({
      bin: sql<number>`cast(${verifiers.accuracy} * 10 as integer)`,
      status: verifiers.pipelineStatus,
      n: sql<number>`count(*)`,
    })
    .from(verifiers)
    .innerJoin(instructions, instructionOfVerifier(projectId))
    .where(isNotNull(verifiers.accuracy))
    .groupBy(sql`1`, verifiers.pipelineStatus)
    .all();
  const byResponse = (value: typeof responses.passRate | typeof responses.score, scale: number) =>
    db
      .select({
        bin: sql<number>`cast(${value} * ${scale} as integer)`,
        status: responses.pipelineStatus,
        n: sql<number>`count(*)`,
      })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .innerJoin(instructions, instructionOfSample(projectId))
      .where(isNotNull(value))
      .groupBy(sql`1`, responses.pipelineStatus)
      .all();
  return {
    verifierAccuracy: binsOf(accuracy, 10, 1),
    passRate: binsOf(byResponse(responses.passRate, 10), 10, 1),
    score: binsOf(byResponse(responses.score, 1), 10, 10),
  };
}
