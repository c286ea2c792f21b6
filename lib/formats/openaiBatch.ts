import { z } from "zod";

/** The OpenAI Batch API's limits per input file: requests (lines) and bytes (200 MB). */
export const BATCH_MAX_LINES = 50_000;
export const BATCH_MAX_BYTES = 200 * 1024 * 1024;

/** The one endpoint our batch lines call. */
export const BATCH_URL = "/v1/chat/completions";

/** One line of a batch input file (OpenAI Batch and `vllm run-batch` read the same envelope). */
export const batchInputLineSchema = z.object({
  custom_id: z.string().min(1),
  method: z.literal("POST"),
  url: z.literal(BATCH_URL),
  body: z.record(z.string(), z.unknown()),
});
export type BatchInputLine = z.infer<typeof batchInputLineSchema>;

/** The input line of one request, as JSON text without the newline. */
export function batchInputLine(customId: string, body: unknown): string {
  return JSON.stringify({ custom_id: customId, method: "POST", url: BATCH_URL, body });
}

/**
 * One line of an output or error file. OpenAI: `{id, custom_id, response: {status_code,
 * request_id, body} | null, error: {code, message} | null}`. vLLM (`run-batch`): the same
 * envelope with `id` `vllm-<uuid>`; on failure `response` is `{status_code, request_id, body:
 * null}` and `error` a plain string or an ErrorResponse object.
 */
const outputLineSchema = z.object({
  id: z.string().optional(),
  custom_id: z.string().min(1, "custom_id is empty"),
  response: z
    .object({
      status_code: z.number().int().optional(),
      request_id: z.string().nullish(),
      body: z.unknown().optional(),
    })
    .nullish(),
  error: z.unknown().optional(),
});

/** What one output line says about its request: an HTTP answer body, or an error with its text. */
export type BatchOutcome =
  | { kind: "answer"; statusCode: number; body: unknown }
  | { kind: "error"; statusCode: number | null; code: string | null; message: string };

export interface BatchOutputLine {
  line: number;
  customId: string;
  id: string | null;
  requestId: string | null;
  outcome: BatchOutcome;
}

/** A line that is not a batch output line, with where and why (parsers return failures as data). */
export interface BatchLineProblem {
  line: number;
  field: string | null;
  message: string;
}

const text = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() ? v : undefined;

/** The message of any error shape we know: a string, `{message}`, `{error: {message}}`, `{object: "error", message}`. */
function errorText(error: unknown): { code: string | null; message: string } | null {
  if (error === null || error === undefined) return null;
  if (typeof error === "string") return { code: null, message: error };
  if (typeof error !== "object") return { code: null, message: JSON.stringify(error) };
  const e = error as { code?: unknown; message?: unknown; error?: unknown };
  if (e.error !== undefined && e.message === undefined) return errorText(e.error);
  const code = e.code === undefined || e.code === null ? null : String(e.code);
  return { code, message: text(e.message) ?? JSON.stringify(error) };
}

/**
 * Reads one line of an output or error file (1-based `line` for messages). Every shape of
 * OpenAI's and vLLM's is read: an error object or string, a response with a non-2xx status and
 * an error body, or a response without a body.
 */
export function parseBatchOutputLine(
  raw: string,
  line: number,
): { ok: true; value: BatchOutputLine } | { ok: false; problem: BatchLineProblem } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return {
      ok: false,
      problem: { line, field: null, message: `not JSON (${(e as Error).message})` },
    };
  }
  const parsed = outputLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      problem: { line, field: issue.path.join(".") || null, message: issue.message },
    };
  }
  const { custom_id: customId, response, error } = parsed.data;
  const base = {
    line,
    customId,
    id: parsed.data.id ?? null,
    requestId: response?.request_id ?? null,
  };
  const status = response?.status_code ?? null;
  const failure = errorText(error);
  const body = response?.body;
  const hasBody = body !== undefined && body !== null;
  if (failure)
    return {
      ok: true,
      value: { ...base, outcome: { kind: "error", statusCode: status, ...failure } },
    };
  if (!response)
    return {
      ok: false,
      problem: { line, field: "response", message: "neither a response nor an error" },
    };
  if (status !== null && (status < 200 || status > 299)) {
    const inBody = hasBody ? errorText((body as { error?: unknown }).error ?? body) : null;
    return {
      ok: true,
      value: {
        ...base,
        outcome: {
          kind: "error",
          statusCode: status,
          code: inBody?.code ?? null,
          message: inBody?.message ?? `HTTP ${status} without a body`,
        },
      },
    };
  }
  if (!hasBody)
    return {
      ok: false,
      problem: {
        line,
        field: "response.body",
        message: "a response without a body and without an error",
      },
    };
  return {
    ok: true,
    value: { ...base, outcome: { kind: "answer", statusCode: status ?? 200, body } },
  };
}

/**
 * Splits lines (JSON text without newlines) into files of at most `maxLines` lines and
 * `maxBytes` bytes each, counting the newline after every line, in order. A single line over
 * `maxBytes` cannot go in any file: its index is returned in `tooLarge`.
 */
export function splitBatchLines(
  lines: readonly string[],
  limits: { maxLines?: number; maxBytes?: number } = {},
): { files: number[][]; tooLarge: number[] } {
  const maxLines = limits.maxLines ?? BATCH_MAX_LINES;
  const maxBytes = limits.maxBytes ?? BATCH_MAX_BYTES;
  const files: number[][] = [];
  const tooLarge: number[] = [];
  let current: number[] = [];
  let bytes = 0;
  const utf8 = new TextEncoder();
  lines.forEach((l, i) => {
    const size = utf8.encode(l).length + 1;
    if (size > maxBytes) return tooLarge.push(i);
    if (current.length >= maxLines || bytes + size > maxBytes) {
      files.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length) files.push(current);
  return { files, tooLarge };
}
