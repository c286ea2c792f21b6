/**
 * The largest tRPC request body: a 10 MB seed file, JSON-escaped, fits with room to spare.
 * Bigger bodies are refused before anything reads them.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A 413 response for a POST whose declared length is missing or over the limit, else null. */
export function bodyTooLarge(req: Request, limit = MAX_BODY_BYTES): Response | null {
  if (req.method !== "POST") return null;
  const length = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(length) && length <= limit) return null;
  const message = Number.isFinite(length)
    ? `The request is ${(length / 1e6).toFixed(1)} MB; the limit is ${limit / 1024 / 1024} MB.`
    : "The request must declare its Content-Length.";
  return new Response(JSON.stringify({ error: { message, httpStatus: 413 } }), {
    status: 413,
    headers: { "Content-Type": "application/json" },
  });
}
