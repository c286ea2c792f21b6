import { env } from "../env.mjs";
import {
  allowedHostsFor,
  SESSION_COOKIE,
  type AccessPolicy,
  type AccessRequest,
} from "./accessPolicy";

let policy: AccessPolicy | undefined;

/** The access policy of this process's environment (built once). */
export function accessPolicy(): AccessPolicy {
  const config = env();
  policy ??= {
    allowedHosts: allowedHostsFor(
      config.AUTOIF_HOST,
      config.AUTOIF_PORT,
      config.AUTOIF_ALLOWED_HOSTS,
    ),
    token: config.AUTOIF_TOKEN,
  };
  return policy;
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** What checkAccess reads from a request: the same fields for proxy.ts and for API routes. */
export function accessRequestOf(request: Request, pathname: string): AccessRequest {
  const headers = request.headers;
  return {
    method: request.method,
    pathname,
    host: headers.get("host"),
    origin: headers.get("origin"),
    contentType: headers.get("content-type"),
    sessionCookie: cookieValue(headers.get("cookie"), SESSION_COOKIE),
    authorization: headers.get("authorization"),
    scheme: new URL(request.url).protocol === "https:" ? "https" : "http",
    fetchSite: headers.get("sec-fetch-site"),
    referer: headers.get("referer"),
  };
}

/** A refusal as the studio answers it: JSON `{ error: { message, httpStatus } }`. */
export function refusal(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { message, httpStatus: status } }), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}
