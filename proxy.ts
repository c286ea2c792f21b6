import { NextResponse, type NextRequest } from "next/server";
import { env } from "./server/env.mjs";
import { checkAccess } from "./server/security/accessPolicy";
import { accessPolicy, accessRequestOf } from "./server/security/requestAccess";
import { assetPolicy, baseSecurityHeaders, pagePolicy } from "./server/security/securityHeaders";

function isPage(pathname: string) {
  return (
    !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && pathname !== "/favicon.ico"
  );
}

function withHeaders(response: NextResponse, csp: string) {
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders))
    response.headers.set(name, value);
  return response;
}

/**
 * Runs before every page and build asset (not /api/, see `config`): refuses a foreign Host, a missing token, a cross-site or non-JSON
 * change (see server/security/accessPolicy.ts), then sets the CSP and security headers.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const decision = checkAccess(accessPolicy(), accessRequestOf(request, pathname));

  if (!decision.ok) {
    if (decision.login && isPage(pathname) && request.method === "GET") {
      const login = new URL("/login", request.url);
      login.searchParams.set("next", `${pathname}${search}`);
      return withHeaders(NextResponse.redirect(login, 303), assetPolicy());
    }
    const body = JSON.stringify({
      error: { message: decision.reason, httpStatus: decision.status },
    });
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
  // Every path but /api/: Next hands the proxy a copy of the request body and keeps only its first
  // 10 MB (proxyClientMaxBodySize) for the route, so an upload through the proxy arrived cut short.
  // Every /api/ route applies the same checks itself (server/security/apiRoute.ts); pages and
  // build assets take no body.
  matcher: "/((?!api/).*)",
};
