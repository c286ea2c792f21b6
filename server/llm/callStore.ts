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
}

/** What `llm_calls.response` holds for a failed call (the error text is in `error`). */
export interface StoredLlmFailure {
  attempts: number;
  raw?: string;
  body?: unknown;
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

export const emptyUsage = (): RoleUsage => ({ calls: 0, failedCalls: 0, cachedCalls: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 });

/** The completed call with this hash in the project, if any. */
export function findCompleted(db: Db, projectId: number, requestHash: string) {
  return db
    .select({ id: llmCalls.id, response: llmCalls.response })
    .from(llmCalls)
    .where(and(eq(llmCalls.projectId, projectId), eq(llmCalls.requestHash, requestHash), eq(llmCalls.status, "completed")))
    .get();
}

/** Records a call as pending before it is sent (replacing a failed or stale pending row); returns its id. */
export function markPending(
  db: Db,
  row: { projectId: number; runId: number | null; requestHash: string; role: LlmRole; model: string; endpoint: string; request: ChatRequestBody },
): number {
  const reset = { status: "pending" as const, response: null, error: null, tokensIn: null, tokensOut: null, latencyMs: null, costUsd: null, completedAt: null };
  const inserted = db
    .insert(llmCalls)
    .values({ ...row, ...reset })
    .onConflictDoUpdate({
      target: [llmCalls.projectId, llmCalls.requestHash],
      set: { runId: row.runId, role: row.role, model: row.model, endpoint: row.endpoint, request: row.request, createdAt: new Date(), ...reset },
    })
    .returning({ id: llmCalls.id })
    .get();
  return inserted.id;
}

/** Records how a sent call ended. */
export function markFinished(
  db: Db,
  id: number,
  end: { status: "completed" | "failed"; response: StoredLlmResponse | StoredLlmFailure; error?: string; usage: TokenUsage; latencyMs: number; costUsd: number },
): void {
  db.update(llmCalls)
    .set({
      status: end.status,
      response: end.response,
      error: end.error ?? null,
      tokensIn: end.usage.promptTokens,
      tokensOut: end.usage.completionTokens,
      latencyMs: Math.round(end.latencyMs),
      costUsd: end.costUsd,
      completedAt: new Date(),
    })
    .where(eq(llmCalls.id, id))
    .run();
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
    .where(and(eq(llmCalls.projectId, projectId), eq(llmCalls.runId, runId), inArray(llmCalls.status, ["completed", "failed"])))
    .groupBy(llmCalls.role)
    .all();
  const usage = { generator: emptyUsage(), judge: emptyUsage() };
  for (const r of rows) usage[r.role] = { ...emptyUsage(), calls: r.calls, failedCalls: r.failedCalls ?? 0, tokensIn: r.tokensIn, tokensOut: r.tokensOut, costUsd: r.costUsd };
  return usage;
}
