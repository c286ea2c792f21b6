import "server-only";

/**
 * Largest response body we read, in bytes; past it a call fails instead of filling memory. 1 MiB
 * is about 250,000 tokens of text, far beyond any `maxTokens` a stage asks for.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** A response body was larger than the cap. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`response body larger than ${Math.round(maxBytes / 1024)} KiB; refused to read more`);
    this.name = "ResponseTooLargeError";
  }
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * Wraps `inner` so every response body is read in full, up to `maxBytes`, before the caller sees
 * it. Reading inside fetch also puts the body under the request's abort signal, so a server that
 * sends headers and then stalls is caught by the same per-attempt time-out.
 */
export function cappedFetch(
  inner: typeof fetch,
  maxBytes = DEFAULT_MAX_RESPONSE_BYTES,
): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
    const headers = new Headers(response.headers);
    // The body is decoded already; stale length or encoding headers would mislead a reader.
    headers.delete("content-length");
    headers.delete("content-encoding");
    const body = NO_BODY.has(response.status) ? null : Buffer.concat(chunks);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
