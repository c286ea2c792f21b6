import "server-only";

/** Token counts the endpoint reported (0 when it reported none). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What one 2xx chat-completions body means: an answer, or a failure with its text kept. */
export type ParsedCompletion =
  | { ok: true; content: string; finishReason: string; usage: TokenUsage; body: unknown }
  | {
      ok: false;
      error: string;
      retryable: boolean;
      raw: string;
      usage: TokenUsage;
      body?: unknown;
    };

interface CompletionBody {
  error?: { message?: unknown } | string;
  choices?: Array<{ message?: { content?: unknown; refusal?: unknown }; finish_reason?: unknown }>;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

const count = (v: unknown) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : 0;

/**
 * Reads a 2xx chat-completions body. Failures are data, not exceptions: a malformed body and a
 * 200 carrying `error` are retryable (proxies and gateways produce them under load); no choices,
 * empty content, a refusal and truncation are not, because the same request to a deterministic
 * endpoint would give the same answer and cost the same tokens again.
 */
export function parseCompletion(raw: string): ParsedCompletion {
  let body: CompletionBody;
  try {
    body = JSON.parse(raw) as CompletionBody;
  } catch (e) {
    return {
      ok: false,
      retryable: true,
      error: `malformed JSON in the response body: ${(e as Error).message}`,
      raw,
      usage: { promptTokens: 0, completionTokens: 0 },
    };
  }
  const usage = {
    promptTokens: count(body?.usage?.prompt_tokens),
    completionTokens: count(body?.usage?.completion_tokens),
  };
  if (body === null || typeof body !== "object")
    return { ok: false, retryable: true, error: "response body is not a JSON object", raw, usage };
  if (body.error) {
    const message =
      typeof body.error === "string"
        ? body.error
        : String(body.error.message ?? JSON.stringify(body.error));
    return {
      ok: false,
      retryable: true,
      error: `the endpoint answered 200 with an error: ${message}`,
      raw,
      usage,
      body,
    };
  }
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!choice)
    return { ok: false, retryable: false, error: "no choices in the response", raw, usage, body };
  const content = typeof choice.message?.content === "string" ? choice.message.content : "";
  const finishReason = typeof choice.finish_reason === "string" ? choice.finish_reason : "unknown";
  if (finishReason === "length")
    return {
      ok: false,
      retryable: false,
      error: "truncated: the model hit max_tokens",
      raw: content,
      usage,
      body,
    };
  if (typeof choice.message?.refusal === "string" && choice.message.refusal) {
    return {
      ok: false,
      retryable: false,
      error: `the model refused: ${choice.message.refusal}`,
      raw: choice.message.refusal,
      usage,
      body,
    };
  }
  if (content.trim() === "")
    return {
      ok: false,
      retryable: false,
      error: "empty content in the response",
      raw,
      usage,
      body,
    };
  return { ok: true, content, finishReason, usage, body };
}
