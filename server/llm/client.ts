import "server-only";
import { setMaxListeners } from "node:events";
import type OpenAI from "openai";
import pLimit, { type LimitFunction } from "p-limit";
import type { Db } from "@/db/client";
import type { ChatMessage } from "@/lib/autoif/prompts";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import {
  callCostUsd,
  emptyUsage,
  findCompleted,
  markFinished,
  markPending,
  runUsage,
  type RoleUsage,
  type StoredLlmResponse,
} from "./callStore";
import {
  createSdk,
  resolveRoleEndpoint,
  type LlmEnvironment,
  type LlmRole,
  type RoleEndpoint,
} from "./endpoint";
import { LlmAuthError, LlmBudgetError } from "./errors";
import { chatRequestBody, requestHash, type ChatRequestBody } from "./requestHash";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retryPolicy";
import { sendChat, type SendOutcome } from "./sendChat";

export interface LlmCallRequest {
  role: LlmRole;
  messages: ChatMessage[];
  /** Which of K samples this is; sent as `seed` and part of the cache key. */
  sampleIndex?: number;
  /** Prompt kind ("verify-gen", ...), for logs. */
  kind: string;
}

/** One call's answer; `attempts` is 0 for an answer served from the cache or a shared in-flight call. */
export type LlmCallResult =
  | {
      ok: true;
      callId: number;
      content: string;
      cached: boolean;
      finishReason: string;
      attempts: number;
    }
  | { ok: false; callId: number; error: string; raw?: string; attempts: number };

export interface LlmUsage extends Record<LlmRole, RoleUsage> {
  total: RoleUsage;
}

export interface LlmClient {
  /** Resolves with an answer or a failure; rejects only with LlmAuthError, LlmBudgetError, LlmConfigError or after close. */
  call(request: LlmCallRequest): Promise<LlmCallResult>;
  /** Tokens, calls and cost per role for this run, including earlier processes of the same run. */
  usage(): LlmUsage;
  /** Aborts calls in flight (they are recorded failed) and refuses new ones. */
  close(): void;
}

export interface LlmClientOptions {
  db: Db;
  projectId: number;
  runId: number | null;
  roles: PipelineConfig["llm"];
  budget: PipelineConfig["budget"];
  fetch?: typeof fetch;
  log?: (message: string) => void;
  retry?: Partial<RetryPolicy>;
  maxResponseBytes?: number;
  /** Defaults to the server's environment. */
  environment?: LlmEnvironment;
}

interface RoleState {
  endpoint: RoleEndpoint;
  sdk: OpenAI;
  limit: LimitFunction;
  gate: EndpointGate;
}

/**
 * Until an endpoint has answered once with anything but an auth refusal, its calls go one at a
 * time: a bad key then costs exactly one request, not one per concurrency slot.
 */
interface EndpointGate {
  proven: boolean;
  single: LimitFunction;
}

const addUsage = (a: RoleUsage, b: RoleUsage): RoleUsage => ({
  calls: a.calls + b.calls,
  failedCalls: a.failedCalls + b.failedCalls,
  cachedCalls: a.cachedCalls + b.cachedCalls,
  tokensIn: a.tokensIn + b.tokensIn,
  tokensOut: a.tokensOut + b.tokensOut,
  costUsd: a.costUsd + b.costUsd,
});

/**
 * An LLM client for one run: every request is looked up in `llm_calls` by its hash first, and a
 * new one is recorded pending before it is sent and completed or failed after, so a killed run
 * never pays twice for a finished call. Concurrency is bounded per endpoint and role.
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const { db, projectId, runId, budget } = options;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const closer = new AbortController();
  // Every attempt in flight listens for close(); concurrency above 10 is normal, not a leak.
  setMaxListeners(0, closer.signal);
  const roles = new Map<LlmRole, RoleState>();
  const limiters = new Map<string, LimitFunction>();
  const gates = new Map<string, EndpointGate>();
  const inflight = new Map<string, Promise<LlmCallResult>>();
  const spent =
    runId === null
      ? { generator: emptyUsage(), judge: emptyUsage() }
      : runUsage(db, projectId, runId);
  let sending = 0;
  let authError: LlmAuthError | undefined;

  function roleState(role: LlmRole): RoleState {
    let state = roles.get(role);
    if (!state) {
      const endpoint = resolveRoleEndpoint(role, options.roles[role], options.environment);
      const key = `${role} ${endpoint.baseUrl}`;
      const limit = limiters.get(key) ?? pLimit(endpoint.concurrency);
      limiters.set(key, limit);
      const gate = gates.get(key) ?? { proven: false, single: pLimit(1) };
      gates.set(key, gate);
      state = {
        endpoint,
        sdk: createSdk(endpoint, {
          fetch: options.fetch,
          maxResponseBytes: options.maxResponseBytes,
        }),
        limit,
        gate,
      };
      roles.set(role, state);
    }
    return state;
  }

  function total(): RoleUsage {
    return addUsage(spent.generator, spent.judge);
  }

  function checkBudget(): void {
    const { calls, costUsd } = total();
    if (budget.maxCalls !== null && calls + sending >= budget.maxCalls) {
      throw new LlmBudgetError(`budget reached: ${calls + sending} of ${budget.maxCalls} calls`);
    }
    if (budget.maxCostUsd !== null && costUsd >= budget.maxCostUsd) {
      throw new LlmBudgetError(`budget reached: $${costUsd.toFixed(4)} of $${budget.maxCostUsd}`);
    }
  }

  function record(
    state: RoleState,
    callId: number,
    outcome: SendOutcome,
    attempts: number,
    startedAt: number,
  ): LlmCallResult {
    const { endpoint } = state;
    const usage =
      outcome.kind === "auth" ? { promptTokens: 0, completionTokens: 0 } : outcome.usage;
    const costUsd = callCostUsd(endpoint, usage);
    const latencyMs = performance.now() - startedAt;
    if (outcome.kind === "ok") {
      const response: StoredLlmResponse = {
        attempts,
        content: outcome.content,
        finishReason: outcome.finishReason,
        body: outcome.body,
      };
      markFinished(db, callId, { status: "completed", response, usage, latencyMs, costUsd });
    } else {
      const raw = outcome.kind === "failed" ? outcome.raw : undefined;
      markFinished(db, callId, {
        status: "failed",
        response: { attempts, raw, body: outcome.kind === "failed" ? outcome.body : undefined },
        error: outcome.error,
        usage,
        latencyMs,
        costUsd,
      });
    }
    const mine = spent[endpoint.role];
    spent[endpoint.role] = addUsage(mine, {
      ...emptyUsage(),
      calls: 1,
      failedCalls: outcome.kind === "ok" ? 0 : 1,
      tokensIn: usage.promptTokens,
      tokensOut: usage.completionTokens,
      costUsd,
    });
    if (outcome.kind === "ok")
      return {
        ok: true,
        callId,
        content: outcome.content,
        cached: false,
        finishReason: outcome.finishReason,
        attempts,
      };
    if (outcome.kind === "failed")
      return { ok: false, callId, error: outcome.error, raw: outcome.raw, attempts };
    const refused = `The ${endpoint.role} endpoint ${endpoint.baseUrl} refused the API key (HTTP ${outcome.status}`;
    const check = `check ${endpoint.apiKeySource} in the server's environment.`;
    // The endpoint's own reply stays in the log: the client sees only our words.
    authError ??= new LlmAuthError(
      `${refused}: ${outcome.error}); ${check}`,
      `${refused}); ${check}`,
    );
    throw authError;
  }

  async function send(
    state: RoleState,
    body: ChatRequestBody,
    hash: string,
    kind: string,
  ): Promise<LlmCallResult> {
    const attempt = () => sendNow(state, body, hash, kind);
    return state.limit(async () => {
      if (!state.gate.proven) {
        // One probe at a time until the endpoint has answered; calls queued behind the probe
        // go out concurrently once it has (an auth failure makes them throw at once instead).
        const probe = await state.gate.single(async () =>
          state.gate.proven ? undefined : { result: await attempt() },
        );
        if (probe) {
          state.gate.proven = true;
          return probe.result;
        }
      }
      return attempt();
    });
  }

  async function sendNow(
    state: RoleState,
    body: ChatRequestBody,
    hash: string,
    kind: string,
  ): Promise<LlmCallResult> {
    if (closer.signal.aborted) throw new Error("the LLM client is closed");
    if (authError) throw authError;
    checkBudget();
    sending += 1;
    try {
      const callId = markPending(db, {
        projectId,
        runId,
        requestHash: hash,
        role: state.endpoint.role,
        model: body.model,
        endpoint: state.endpoint.baseUrl,
        request: body,
      });
      const startedAt = performance.now();
      const log =
        options.log && ((message: string) => options.log?.(`${kind} #${body.seed}: ${message}`));
      const { outcome, attempts } = await sendChat(state.sdk, body, state.endpoint, {
        policy,
        closeSignal: closer.signal,
        log,
      });
      return record(state, callId, outcome, attempts, startedAt);
    } finally {
      sending -= 1;
    }
  }

  async function call(request: LlmCallRequest): Promise<LlmCallResult> {
    if (closer.signal.aborted) throw new Error("the LLM client is closed");
    if (authError) throw authError;
    const state = roleState(request.role);
    const { endpoint } = state;
    const body = chatRequestBody(endpoint, request.messages, request.sampleIndex);
    const hash = requestHash(body);
    const done = findCompleted(db, projectId, hash);
    if (done) {
      spent[endpoint.role].cachedCalls += 1;
      const stored = done.response as StoredLlmResponse;
      return {
        ok: true,
        callId: done.id,
        content: stored.content,
        cached: true,
        finishReason: stored.finishReason,
        attempts: 0,
      };
    }
    // Identical requests in flight at once share one HTTP call instead of racing for the row.
    const shared = inflight.get(hash);
    if (shared) return shared.then((r) => (r.ok ? { ...r, cached: true, attempts: 0 } : r));
    const pending = send(state, body, hash, request.kind).finally(() => inflight.delete(hash));
    inflight.set(hash, pending);
    return pending;
  }

  return {
    call,
    usage: () => ({ generator: { ...spent.generator }, judge: { ...spent.judge }, total: total() }),
    close: () => closer.abort(),
  };
}
