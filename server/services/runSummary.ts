import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs, stageProgress } from "@/db/schema";
import { emptyResult, nothingNewMessage, type EmptyResult } from "@/lib/autoif/emptyResult";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { projectFunnel, runFunnel, type FunnelRow } from "../pipeline/funnel";
import { projectHistograms } from "./dashboard";

/** What a run leaves behind for the Runs page's comparison: the funnel and histograms at its end. */
export interface RunSummary {
  funnel: FunnelRow[];
  histograms: ReturnType<typeof projectHistograms>;
}

/**
 * At a run's end: snapshots the project's funnel and histograms on the run (so two runs can be
 * compared later) and records the warning when this run kept 0 instructions, responses or pairs of
 * what it worked on, naming the stage and the setting of this run's snapshot. A run whose stages
 * all found nothing to do says that instead: an earlier run's empty result is not its fault.
 */
export function recordRunSummary(
  db: Db,
  runId: number,
  stages: readonly string[],
  config: PipelineConfig,
): EmptyResult | null {
  const run = db
    .select({ projectId: runs.projectId, startedAt: runs.startedAt, createdAt: runs.createdAt })
    .from(runs)
    .where(eq(runs.id, runId))
    .get();
  if (!run) return null;
  const summary: RunSummary = {
    funnel: projectFunnel(db, run.projectId),
    histograms: projectHistograms(db, run.projectId),
  };
  const units = db
    .select({ total: stageProgress.total, done: stageProgress.done, failed: stageProgress.failed })
    .from(stageProgress)
    .where(eq(stageProgress.runId, runId))
    .all();
  if (units.every((u) => u.total === 0 && u.done === 0 && u.failed === 0)) {
    db.update(runs)
      .set({ summary, warning: nothingNewMessage(stages) })
      .where(eq(runs.id, runId))
      .run();
    return null;
  }
  const empty = emptyResult(
    runFunnel(db, run.projectId, { id: runId, since: run.startedAt ?? run.createdAt }),
    stages,
    config,
  );
  db.update(runs)
    .set({ summary, warning: empty?.message ?? null })
    .where(eq(runs.id, runId))
    .run();
  return empty;
}
