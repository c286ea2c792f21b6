import "server-only";
import os from "node:os";
import type { Db } from "@/db/client";
import { ConflictError, DomainError } from "../errors";
import type { VerifierPool } from "../sandbox/pool";
import type { EmptyResult } from "@/lib/autoif/emptyResult";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { BATCH_WAITING_STATUS } from "@/lib/autoif/llmStages";
import { StageAwaitingBatchError } from "./concurrency";
import { stageProgressRecorder } from "./progress";
import { claimRun, getRun, heartbeat, releaseRun, stageRange } from "./runs";
import { augmentStage } from "./stages/augment";
import { backTranslateStage } from "./stages/backTranslate";
import { composeStage } from "./stages/compose";
import { crossValidateStage } from "./stages/crossValidateStage";
import { executeStage } from "./stages/execute";
import { pairQueriesStage } from "./stages/pairQueries";
import { pairsStage } from "./stages/pairs";
import { respondStage } from "./stages/respond";
import { scoreStage } from "./stages/score";
import { verifyGenStage } from "./stages/verifyGen";
import type { LlmCaller, StageContext, StageName } from "./types";

const stageFns: Record<StageName, (ctx: StageContext) => Promise<void>> = {
  augment: augmentStage,
  "verify-gen": verifyGenStage,
  "cross-validate": crossValidateStage,
  "back-translate": backTranslateStage,
  compose: composeStage,
  "pair-queries": pairQueriesStage,
  respond: respondStage,
  execute: executeStage,
  score: scoreStage,
  pairs: pairsStage,
};

export type ProgressEvent = { stage: StageName; done: number; total: number; failed: number };

/** A name for this process in run leases: host, pid and a tag ("cli", "server"). */
export function leaseOwner(tag: string): string {
  return `${tag}:${os.hostname()}:${process.pid}`;
}

/**
 * True when a lease holder is a process on this machine that no longer exists (killed, crashed):
 * its run can be taken over at once instead of after the lease runs out.
 */
export function holderIsDead(holder: string | null): boolean {
  const match = holder ? /^[^:]+:(.+):(\d+)$/.exec(holder) : null;
  if (!match || match[1] !== os.hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Claims a run and executes its stages in order. Ends in `finished`, `paused` (a stop was
 * requested) or `failed` (with the message: a bad key, a spent budget, a misconfiguration).
 * A run held by a live process elsewhere is refused.
 */
export async function executeRun(opts: {
  db: Db;
  runId: number;
  owner: string;
  pool: VerifierPool;
  llm: LlmCaller;
  onProgress?: (event: ProgressEvent) => void;
  heartbeatMs?: number;
  /**
   * Called when every stage is done, before the run is released as finished: records the run's
   * summary and returns the warning of an empty result (server/services/runSummary.ts).
   */
  onFinished?: (
    runId: number,
    stages: readonly StageName[],
    config: PipelineConfig,
  ) => EmptyResult | null;
  /** The caller of a stage that runs offline (its calls go to batch files); others use `llm`. */
  llmFor?: (stage: StageName) => LlmCaller | undefined;
  /**
   * Called when an offline stage stopped because units wait for batch answers, before the run is
   * released as paused: writes the stage's batch job (server/batch/batchJobs.ts).
   */
  onBatchPending?: (stage: StageName) => void;
}): Promise<{
  state: "finished" | "paused" | "failed" | "waiting";
  error?: string;
  empty?: EmptyResult;
  waitingStage?: StageName;
}> {
  const { db, runId, owner } = opts;
  const holder = getRun(db, runId).leaseOwner;
  if (
    !claimRun(
      db,
      runId,
      owner,
      Date.now(),
      holderIsDead(holder) ? (holder ?? undefined) : undefined,
    )
  ) {
    const run = getRun(db, runId);
    throw new ConflictError(
      `Run #${runId} is ${run.state}${run.leaseOwner ? ` and held by ${run.leaseOwner}` : ""}; it cannot be started here.`,
    );
  }
  const run = getRun(db, runId);
  const controller = new AbortController();
  const timer = setInterval(() => {
    const state = heartbeat(db, runId, owner);
    if (state === null || state === "stopping") controller.abort();
  }, opts.heartbeatMs ?? 5_000);
  timer.unref();
  const stages = stageRange(run.fromStage as StageName, run.toStage as StageName);
  try {
    for (const stage of stages) {
      if (controller.signal.aborted) break;
      const progress = stageProgressRecorder(db, runId, stage, opts.onProgress);
      progress.start();
      try {
        const llm = opts.llmFor?.(stage) ?? opts.llm;
        await stageFns[stage]({
          db,
          runId,
          projectId: run.projectId,
          config: run.config,
          llm,
          pool: opts.pool,
          progress,
          signal: controller.signal,
        });
      } catch (error) {
        if (error instanceof StageAwaitingBatchError) {
          // Not a failure: the stage stands where it is until its batch answers are imported.
          progress.status(`${BATCH_WAITING_STATUS} of ${error.units} unit(s)`);
          progress.finish("pending");
          opts.onBatchPending?.(stage);
          releaseRun(db, runId, owner, "paused");
          return { state: "waiting", waitingStage: stage };
        }
        progress.finish("failed");
        throw error;
      }
      progress.finish(controller.signal.aborted ? "pending" : "done");
    }
    const state = controller.signal.aborted ? "paused" : "finished";
    // Before the release, so whoever sees "finished" also sees the summary and any warning.
    const empty =
      state === "finished" ? (opts.onFinished?.(runId, stages, run.config) ?? null) : null;
    releaseRun(db, runId, owner, state);
    return empty ? { state, empty } : { state };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof DomainError) && !isLlmStop(error)) console.error(error);
    releaseRun(db, runId, owner, "failed", message);
    return { state: "failed", error: message };
  } finally {
    clearInterval(timer);
  }
}

/** LLM errors that end a run on purpose (bad key, spent budget, no endpoint) carry a name ending in these. */
function isLlmStop(error: unknown): boolean {
  return error instanceof Error && /^Llm(Auth|Budget|Config)Error$/.test(error.name);
}
