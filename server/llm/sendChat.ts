import "server-only";
import type OpenAI from "openai";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { ResponseTooLargeError } from "./cappedFetch";
import type { RoleEndpoint } from "./endpoint";
import { parseCompletion, type TokenUsage } from "./parseCompletion";
import type { ChatRequestBody } from "./requestHash";
import { parseRetryAfter, retryDelay, sleep, type RetryPolicy } from "./retryPolicy";

/** How a call ended after all its attempts. */
export type SendOutcome =
  | { kind: "ok"; content: string; finishReason: string; usage: TokenUsage; body: unknown }
  | { kind: "failed"; error: string; raw?: string; usage: TokenUsage; body?: unknown }
  | { kind: "auth"; status: number; error: string };

type AttemptOutcome =
  SendOutcome | { kind: "retry"; error: string; retryAfterMs?: number; raw?: string };

const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0 };
const RETRY_STATUS = new Set([408, 409, 429]);

/** Codes and messages along an error's cause chain (undici nests them two or three deep). */
export function causeText(error: unknown): string {
  const parts: string[] = [];
  for (
    let e: unknown = error, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string") parts.push(code);
    else if (typeof message === "string" && message) parts.push(message);
  }
  return [...new Set(parts)].join(": ") || String(error);
}

function classify(error: unknown, timedOut: boolean, endpoint: RoleEndpoint): AttemptOutcome {
  if (timedOut || error instanceof APIConnectionTimeoutError)
    return { kind: "retry", error: `timed out after ${endpoint.timeoutMs} ms` };
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    if (status === 401 || status === 402 || status === 403)
      return { kind: "auth", status, error: error.message };
    if (RETRY_STATUS.has(status) || status >= 500)
      return {
        kind: "retry",
        error: error.message,
        retryAfterMs: parseRetryAfter(error.headers?.get("retry-after")),
      };
    return { kind: "failed", error: error.message, usage: NO_USAGE };
  }
  if (error instanceof APIConnectionError) {
    if (error.cause instanceof ResponseTooLargeError)
      return { kind: "failed", error: error.cause.message, usage: NO_USAGE };
    return { kind: "retry", error: `connection failed: ${causeText(error.cause ?? error)}` };
  }
  return { kind: "failed", error: `unexpected error: ${causeText(error)}`, usage: NO_USAGE };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The body as text, refused when it is not UTF-8: a lenient decode would pass U+FFFD in place of
 * the bad bytes on as the model's answer. The lenient decode is kept as the raw text to show.
 */
function strictUtf8(
  bytes: ArrayBuffer,
): { ok: true; value: string } | { ok: false; error: string; raw: string } {
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    return {
      ok: false,
      error: "the response body is not valid UTF-8",
      raw: new TextDecoder().decode(bytes),
    };
  }
}

async function attemptOnce(
  sdk: OpenAI,
  body: ChatRequestBody,
  endpoint: RoleEndpoint,
  closeSignal: AbortSignal,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, endpoint.timeoutMs);
  const onClose = () => controller.abort();
  closeSignal.addEventListener("abort", onClose, { once: true });
  try {
    const response = await sdk.chat.completions
      .create(body, { signal: controller.signal })
      .asResponse();
    const text = strictUtf8(await response.arrayBuffer());
    if (!text.ok) return { kind: "retry", error: text.error, raw: text.raw };
    const parsed = parseCompletion(text.value);
    if (parsed.ok) return { kind: "ok", ...parsed };
    if (parsed.retryable) return { kind: "retry", error: parsed.error, raw: parsed.raw };
    return {
      kind: "failed",
      error: parsed.error,
      raw: parsed.raw,
      usage: parsed.usage,
      body: parsed.body,
    };
  } catch (error) {
    if (closeSignal.aborted)
      return {
        kind: "failed",
        error: "the LLM client was closed before the answer arrived",
        usage: NO_USAGE,
      };
    return classify(error, timedOut, endpoint);
  } finally {
    clearTimeout(timer);
    closeSignal.removeEventListener("abort", onClose);
  }
}

/**
 * Sends one chat request with at most `endpoint.maxAttempts` attempts, retrying 429, 408, 409,
 * 5xx, time-outs, connection errors, malformed bodies and 200s carrying an error. Our own loop
 * rather than p-retry because the wait depends on each failure (Retry-After) and the last failure
 * must come back as data with its attempt count, not as a thrown error.
 */
export async function sendChat(
  sdk: OpenAI,
  body: ChatRequestBody,
  endpoint: RoleEndpoint,
  options: { policy: RetryPolicy; closeSignal: AbortSignal; log?: (message: string) => void },
): Promise<{ outcome: SendOutcome; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(sdk, body, endpoint, options.closeSignal);
    if (outcome.kind !== "retry") return { outcome, attempts: attempt };
    if (attempt >= endpoint.maxAttempts || options.closeSignal.aborted) {
      const error = `${outcome.error} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"})`;
      return {
        outcome: { kind: "failed", error, raw: outcome.raw, usage: NO_USAGE },
        attempts: attempt,
      };
    }
    const wait = retryDelay(attempt, outcome.retryAfterMs, options.policy);
    options.log?.(
      `${endpoint.role} @ ${endpoint.baseUrl}: ${outcome.error}; attempt ${attempt} of ${endpoint.maxAttempts}, retrying in ${wait} ms`,
    );
    await sleep(wait, options.closeSignal);
  }
}
