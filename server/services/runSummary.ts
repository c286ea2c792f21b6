import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs } from "@/db/schema";
import { emptyResult, type EmptyResult } from "@/lib/autoif/emptyResult";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { projectFunnel, type FunnelRow } from "../pipeline/funnel";
import { projectHistograms } from "./dashboard";

/** What a run leaves behind for the Runs page's comparison: the funnel and histograms at its end. */
export interface RunSummary {
  funnel: FunnelRow[];
  histograms: ReturnType<typeof projectHistograms>;
}

/**
 * At a run's end: snapshots the project's funnel and histograms on the run (so two runs can be
 * compared later) and records the warning when it kept 0 instructions, responses or pairs.
 */
export function recordRunSummary(db: Db, runId: number, stages: readonly string[], config: PipelineConfig): EmptyResult | null {
  const run = db.select({ projectId: runs.projectId }).from(runs).where(eq(runs.id, runId)).get();
  if (!run) return null;
  const summary: RunSummary = { funnel: projectFunnel(db, run.projectId), histograms: projectHistograms(db, run.projectId) };
  const empty = emptyResult(summary.funnel, stages, config);
  db.update(runs).set({ summary, warning: empty?.message ?? null }).where(eq(runs.id, runId)).run();
  return empty;
}
