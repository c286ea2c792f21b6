import "server-only";
import type { Db } from "@/db/client";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import {
  findCompleted,
  runUsage,
  type StoredLlmFailure,
  type StoredLlmResponse,
} from "../llm/callStore";
import type { LlmRole } from "../llm/endpoint";
import { LlmBudgetError, LlmDeferredError } from "../llm/errors";
import { chatRequestBody, requestHash, type ChatRequestBody } from "../llm/requestHash";
import type { LlmCaller, LlmCallResult } from "../pipeline/types";

/** A request an offline stage could not answer from the call log: one line of its batch file. */
export interface DeferredRequest {
  customId: string;
  role: LlmRole;
  kind: string;
  body: ChatRequestBody;
}

export interface BatchCaller extends LlmCaller {
  /** The requests deferred so far, in the order the stage asked for them. */
  deferred(): DeferredRequest[];
}

/**
 * The LLM caller of a stage that runs offline. It builds each request with the live client's
 * builder (same body, same hash) and answers from the call log when it can: a completed call, or
 * a failure this run imported from a batch error line (as a live call that failed for good). Any
 * other request is kept for the batch file and the unit waits (LlmDeferredError); nothing is sent.
 */
export function createBatchCaller(options: {
  db: Db;
  projectId: number;
  runId: number;
  roles: PipelineConfig["llm"];
  budget: PipelineConfig["budget"];
}): BatchCaller {
  const { db, projectId, runId, budget } = options;
  const deferred = new Map<string, DeferredRequest>();
  const spent = runUsage(db, projectId, runId);
  const importedFailure = db.$client.prepare<
    [number, string, number],
    { id: number; error: string | null; response: string | null }
  >(
    `select c.id, c.error, c.response from batch_requests r join batch_jobs j on j.id = r.job_id join llm_calls c on c.id = r.llm_call_id
     where r.project_id = ? and r.custom_id = ? and j.run_id = ? and r.status = 'failed' and c.status = 'failed' order by r.id desc limit 1`,
  );

  async function call(request: Parameters<LlmCaller["call"]>[0]): Promise<LlmCallResult> {
    const body = chatRequestBody(
      options.roles[request.role],
      request.messages,
      request.sampleIndex,
    );
    const hash = requestHash(body);
    const done = findCompleted(db, projectId, hash);
    if (done)
      return {
        ok: true,
        callId: done.id,
        content: (done.response as StoredLlmResponse).content,
        cached: true,
      };
    const failed = importedFailure.get(projectId, hash, runId);
    if (failed) {
      const stored = failed.response
        ? (JSON.parse(failed.response) as StoredLlmFailure)
        : undefined;
      return {
        ok: false,
        callId: failed.id,
        error: failed.error ?? "the batch answer was unusable",
        raw: stored?.raw,
      };
    }
    if (!deferred.has(hash)) {
      const calls = spent.generator.calls + spent.judge.calls + deferred.size;
      if (budget.maxCalls !== null && calls >= budget.maxCalls)
        throw new LlmBudgetError(`budget reached: ${calls} of ${budget.maxCalls} calls`);
      deferred.set(hash, { customId: hash, role: request.role, kind: request.kind, body });
    }
    throw new LlmDeferredError(
      `${request.kind} request ${hash.slice(0, 12)} waits for a batch answer`,
    );
  }

  return { call, deferred: () => [...deferred.values()] };
}
