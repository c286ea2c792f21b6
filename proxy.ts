import { NextResponse, type NextRequest } from "next/server";
import { env } from "./server/env.mjs";
import {
  allowedHostsFor,
  checkAccess,
  SESSION_COOKIE,
  type AccessPolicy,
} from "./server/security/accessPolicy";
import { assetPolicy, baseSecurityHeaders, pagePolicy } from "./server/security/securityHeaders";

let policy: AccessPolicy | undefined;

function accessPolicy(): AccessPolicy {
  const config = env();
  policy ??= {
    allowedHosts: allowedHostsFor(config.AUTOIF_HOST, config.AUTOIF_PORT, config.AUTOIF_ALLOWED_HOSTS),
    token: config.AUTOIF_TOKEN,
  };
  return policy;
}

function isPage(pathname: string) {
  return !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && pathname !== "/favicon.ico";
}

function withHeaders(response: NextResponse, csp: string) {
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders)) response.headers.set(name, value);
  return response;
}

/**
 * Runs before every request: refuses a foreign Host, a missing token, a cross-site or non-JSON
 * change (see server/security/accessPolicy.ts), then sets the CSP and security headers.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const decision = checkAccess(accessPolicy(), {
    method: request.method,
    pathname,
    host: request.headers.get("host"),
    origin: request.headers.get("origin"),
    contentType: request.headers.get("content-type"),
    sessionCookie: request.cookies.get(SESSION_COOKIE)?.value,
    authorization: request.headers.get("authorization"),
  });

  if (!decision.ok) {
    if (decision.login && isPage(pathname) && request.method === "GET") {
      const login = new URL("/login", request.url);
      login.searchParams.set("next", `${pathname}${search}`);
      return withHeaders(NextResponse.redirect(login, 303), assetPolicy());
    }
    const body = JSON.stringify({ error: { message: decision.reason, httpStatus: decision.status } });
    const response = new NextResponse(body, {
      status: decision.status,
      headers: { "Content-Type": "application/json" },
    });
    return withHeaders(response, assetPolicy());
  }

  if (!isPage(pathname)) return withHeaders(NextResponse.next(), assetPolicy());

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pagePolicy(nonce, env().NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Every path: pages, tRPC, downloads and build assets all pass the Host check.
  matcher: "/:path*",
};
