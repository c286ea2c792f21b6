import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { llmCalls } from "@/db/schema";
import type { LlmRole } from "./endpoint";
import type { TokenUsage } from "./parseCompletion";
import type { ChatRequestBody } from "./requestHash";

/** What `llm_calls.response` holds for a completed call. */
export interface StoredLlmResponse {
  attempts: number;
  content: string;
  finishReason: string;
  /** The endpoint's body as it came. */
  body: unknown;
  /** Set when the answer came from an offline batch output file rather than a live call. */
  batch?: BatchOrigin;
}

/** Where an imported answer came from: the batch job and file, and the output line's own ids. */
export interface BatchOrigin {
  jobId: number;
  file: string;
  line: number;
  id?: string;
  requestId?: string;
}

/** What `llm_calls.response` holds for a failed call (the error text is in `error`). */
export interface StoredLlmFailure {
  attempts: number;
  raw?: string;
  body?: unknown;
  batch?: BatchOrigin;
}

/** Spending of one role in one run. */
export interface RoleUsage {
  /** Calls sent (completed or failed), not counting answers served from the cache. */
  calls: number;
  failedCalls: number;
  cachedCalls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export const emptyUsage = (): RoleUsage => ({
  calls: 0,
  failedCalls: 0,
  cachedCalls: 0,
  tokensIn: 0,
  tokensOut: 0,
  costUsd: 0,
});

/** What a call cost at a role's prices per million tokens, in USD. */
export function callCostUsd(
  prices: { pricePerMillionInput: number; pricePerMillionOutput: number },
  usage: TokenUsage,
): number {
  return (
    (usage.promptTokens * prices.pricePerMillionInput +
      usage.completionTokens * prices.pricePerMillionOutput) /
    1e6
  );
}

/**
 * The per-call statements, prepared once per database: building and compiling them anew for
 * every call was about a third of the pipeline's CPU per call (bench:pipeline).
 */
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    findCompleted: db.$client.prepare<[number, string], { id: number; response: string | null }>(
      "select id, response from llm_calls where project_id = ? and request_hash = ? and status = 'completed'",
    ),
    // A failed or stale pending row of the same request is reset and reused (the resume cache key).
    markPending: db.$client.prepare<
      [number, number | null, string, string, string, string, string, number],
      { id: number }
    >(
      `insert into llm_calls (project_id, run_id, request_hash, role, model, endpoint, request, status, created_at)
       values (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
       on conflict (project_id, request_hash) do update set run_id = excluded.run_id, role = excluded.role, model = excluded.model,
         endpoint = excluded.endpoint, request = excluded.request, status = 'pending', response = null, error = null, tokens_in = null,
         tokens_out = null, latency_ms = null, cost_usd = null, completed_at = null, created_at = excluded.created_at
       returning id`,
    ),
    markFinished: db.$client.prepare(
      "update llm_calls set status = ?, response = ?, error = ?, tokens_in = ?, tokens_out = ?, latency_ms = ?, cost_usd = ?, completed_at = ? where id = ?",
    ),
  };
}

function statements(db: Db) {
  let s = prepared.get(db);
  if (!s) {
    s = prepare(db);
    prepared.set(db, s);
  }
  return s;
}

/** The completed call with this hash in the project, if any. */
export function findCompleted(
  db: Db,
  projectId: number,
  requestHash: string,
): { id: number; response: unknown } | undefined {
  const row = statements(db).findCompleted.get(projectId, requestHash);
  return row
    ? { id: row.id, response: row.response === null ? null : (JSON.parse(row.response) as unknown) }
    : undefined;
}

/** Records a call as pending before it is sent (replacing a failed or stale pending row); returns its id. */
export function markPending(
  db: Db,
  row: {
    projectId: number;
    runId: number | null;
    requestHash: string;
    role: LlmRole;
    model: string;
    endpoint: string;
    request: ChatRequestBody;
  },
): number {
  const inserted = statements(db).markPending.get(
    row.projectId,
    row.runId,
    row.requestHash,
    row.role,
    row.model,
    row.endpoint,
    JSON.stringify(row.request),
    Date.now(),
  );
  return inserted!.id;
}

/** Records how a sent call ended. */
export function markFinished(
  db: Db,
  id: number,
  end: {
    status: "completed" | "failed";
    response: StoredLlmResponse | StoredLlmFailure;
    error?: string;
    usage: TokenUsage;
    latencyMs: number;
    costUsd: number;
  },
): void {
  statements(db).markFinished.run(
    end.status,
    JSON.stringify(end.response),
    end.error ?? null,
    end.usage.promptTokens,
    end.usage.completionTokens,
    Math.round(end.latencyMs),
    end.costUsd,
    Date.now(),
    id,
  );
}

/** What a run has already spent per role, from earlier processes (a resumed run keeps its budget). */
export function runUsage(db: Db, projectId: number, runId: number): Record<LlmRole, RoleUsage> {
  const rows = db
    .select({
      role: llmCalls.role,
      calls: sql<number>`count(*)`,
      failedCalls: sql<number>`sum(case when ${llmCalls.status} = 'failed' then 1 else 0 end)`,
      tokensIn: sql<number>`coalesce(sum(${llmCalls.tokensIn}), 0)`,
      tokensOut: sql<number>`coalesce(sum(${llmCalls.tokensOut}), 0)`,
      costUsd: sql<number>`coalesce(sum(${llmCalls.costUsd}), 0)`,
    })
    .from(llmCalls)
    .where(
      and(
        eq(llmCalls.projectId, projectId),
        eq(llmCalls.runId, runId),
        inArray(llmCalls.status, ["completed", "failed"]),
      ),
    )
    .groupBy(llmCalls.role)
    .all();
  const usage = { generator: emptyUsage(), judge: emptyUsage() };
  for (const r of rows)
    usage[r.role] = {
      ...emptyUsage(),
      calls: r.calls,
      failedCalls: r.failedCalls ?? 0,
      tokensIn: r.tokensIn,
      tokensOut: r.tokensOut,
      costUsd: r.costUsd,
    };
  return usage;
}
