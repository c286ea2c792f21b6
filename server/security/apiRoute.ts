import { firstInvalidUtf8Offset } from "@/lib/seeds/decodeSeedFile";
import { env } from "../env.mjs";
import { checkAccess, crossSiteRead, type AccessOptions } from "./accessPolicy";
import { accessPolicy, accessRequestOf, refusal } from "./requestAccess";
import { assetPolicy, baseSecurityHeaders } from "./securityHeaders";

/**
 * How a route takes its request body:
 * - "none": it reads no body (GET downloads);
 * - "json": JSON up to AUTOIF_MAX_JSON_BODY_BYTES, declared by Content-Length, refused whole with
 *   413 before a byte is read when larger or undeclared, and with 400 when not valid UTF-8;
 * - "stream": the route streams the body itself and enforces its own limit (the query pool).
 */
export type BodyKind = "none" | "json" | "stream";

type Handler<C> = (request: Request, context: C) => Response | Promise<Response>;

/** Marks handlers built by apiRoute, so a test can prove every API route goes through it. */
export const GUARDED = Symbol.for("autoif.apiRoute");

/** A limit as people read it: 64 KB, 32 MB, 10 MB (decimal when the limit is), else bytes. */
export function byteSize(bytes: number): string {
  const KiB = 1024;
  const MiB = 1024 * KiB;
  if (bytes % MiB === 0) return `${bytes / MiB} MB`;
  if (bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}

/** A 413 for a JSON body whose declared length is missing or over the limit, else null. */
export function jsonBodyTooLarge(
  request: Request,
  limit = env().AUTOIF_MAX_JSON_BODY_BYTES,
): Response | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const declared = request.headers.get("content-length");
  const length = declared === null || !/^\d+$/.test(declared) ? NaN : Number(declared);
  if (Number.isFinite(length) && length <= limit) return null;
  const message = Number.isFinite(length)
    ? `The request is ${length.toLocaleString("en-US")} bytes; the limit for a request is ${byteSize(limit)}. Nothing was read.`
    : `The request must declare its Content-Length (the limit for a request is ${byteSize(limit)}).`;
  return refusal(413, message);
}

/**
 * The request again with its body checked as UTF-8, or a 400 naming the first bad byte: a lenient
 * decoder (tRPC's, `Request.json()`) would store U+FFFD in place of bytes that were not text. The
 * body is already bounded by jsonBodyTooLarge.
 */
export async function strictUtf8Body(request: Request): Promise<Request | Response> {
  if (request.method === "GET" || request.method === "HEAD" || request.body === null)
    return request;
  const bytes = new Uint8Array(await request.arrayBuffer());
  try {
    // ignoreBOM keeps the bytes as they came, so the body and its Content-Length still agree.
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    return refusal(
      400,
      `The request body is not valid UTF-8 (byte ${(at + 1).toLocaleString("en-US")} of ${bytes.length.toLocaleString("en-US")}); nothing was changed.`,
    );
  }
  return new Request(request, { body: bytes });
}

function withSecurityHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("Content-Security-Policy", assetPolicy());
  for (const [name, value] of Object.entries(baseSecurityHeaders)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * Every `/api/` route handler is built with this. proxy.ts does not run on `/api/` (Next's proxy
 * copies a request body and keeps only its first 10 MB, proxyClientMaxBodySize, so an upload
 * through it arrived cut short); the route applies the same checkAccess itself, refuses any
 * cross-site GET (crossSiteRead), bounds a JSON body, and sets the security headers.
 */
export function apiRoute<C>(
  body: BodyKind,
  handler: Handler<C>,
  options: AccessOptions = {},
): Handler<C> {
  const guarded: Handler<C> = async (request, context) => {
    const pathname = new URL(request.url).pathname;
    const access = accessRequestOf(request, pathname);
    const decision = checkAccess(accessPolicy(), access, options);
    if (!decision.ok) return withSecurityHeaders(refusal(decision.status, decision.reason));
    const method = request.method.toUpperCase();
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") {
      const crossSite = crossSiteRead(access);
      if (crossSite) return withSecurityHeaders(refusal(403, crossSite));
    }
    let checked = request;
    if (body === "json") {
      const tooLarge = jsonBodyTooLarge(request);
      if (tooLarge) return withSecurityHeaders(tooLarge);
      const decoded = await strictUtf8Body(request);
      if (decoded instanceof Response) return withSecurityHeaders(decoded);
      checked = decoded;
    }
    return withSecurityHeaders(await handler(checked, context));
  };
  Object.defineProperty(guarded, GUARDED, { value: body });
  return guarded;
}

/** The methods an `/api/` route file must export, each built by apiRoute (apiRoutes.test.ts checks). */
export const API_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * A guarded 405 for a method the route does not serve. Next answers an unexported method with its
 * own 405, and OPTIONS with a 204, before any route code runs; proxy.ts does not run on `/api/`, so
 * without this a request with a foreign Host (DNS rebinding) would get those answers instead of
 * checkAccess's 403.
 */
export function methodNotAllowed(served: readonly (typeof API_METHODS)[number][]) {
  const allow = served.join(", ");
  return apiRoute("none", (request) =>
    refusal(
      405,
      `${request.method.toUpperCase()} is not served here; this route answers ${allow}.`,
      { Allow: allow },
    ),
  );
}
