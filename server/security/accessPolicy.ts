import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import os from "node:os";

/**
 * Who may talk to the studio, decided per request before any page, query or download runs.
 * Pure over its inputs (no Next, no process.env) so tests and the reliability report call it
 * directly; proxy.ts feeds it real requests.
 */
export type AccessPolicy = {
  /** Lowercase `host` or `host:port` values the Host header may carry. A bare host allows any port. */
  allowedHosts: Set<string>;
  /** The access token, or undefined when none is configured (loopback only). */
  token: string | undefined;
};

export type AccessRequest = {
  method: string;
  pathname: string;
  host: string | null;
  origin: string | null;
  contentType: string | null;
  /** The session cookie's value, if any. */
  sessionCookie: string | undefined;
  authorization: string | null;
  /** The scheme the request arrived on ("http" unless a TLS proxy in front says https); default http. */
  scheme?: "http" | "https";
  /** The browser's Sec-Fetch-Site header, if any. */
  fetchSite?: string | null;
  /** The Referer header, if any. */
  referer?: string | null;
};

export type AccessDecision =
  { ok: true } | { ok: false; status: 401 | 403 | 415; reason: string; login?: boolean };

export const SESSION_COOKIE = "autoif_session";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** True for addresses that only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Why the studio must not start on this address, or null when it may. */
export function bindRefusal(host: string, token: string | undefined): string | null {
  if (isLoopbackAddress(host) || token) return null;
  return (
    `Refusing to listen on ${host}: anyone who can reach that address could run the studio. ` +
    "Set AUTOIF_TOKEN to a long random secret (for example `openssl rand -hex 32`) to require it " +
    "on every request, or leave AUTOIF_HOST at 127.0.0.1."
  );
}

function bracket(host: string) {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * The Host values the studio answers to: the loopback names, the bound address, and for a
 * wildcard bind (0.0.0.0, ::) this machine's hostname and interface addresses, each on `port`;
 * plus `extra` entries as given.
 */
export function allowedHostsFor(bindHost: string, port: number, extra: string[] = []): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const bound = bindHost.trim().toLowerCase();
  if (bound === "0.0.0.0" || bound === "::" || bound === "[::]") {
    names.add(os.hostname().toLowerCase());
    for (const list of Object.values(os.networkInterfaces())) {
      for (const address of list ?? []) names.add(bracket(address.address.toLowerCase()));
    }
  } else {
    names.add(bracket(bound));
  }
  const hosts = new Set([...names].map((n) => `${n}:${port}`));
  for (const entry of extra) hosts.add(entry.toLowerCase());
  return hosts;
}

/**
 * A Host header value split into name and port, or null when it is not one `name[:port]` (a
 * bracketed IPv6 address, or letters, digits, dots and dashes; at most one port of 1-5 digits).
 * `localhost:3000:80` is not a host.
 */
export function parseHost(host: string): { name: string; port: string | undefined } | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return match ? { name: match[1]!, port: match[2] } : null;
}

/** Whether a Host header value (`name[:port]`) is one the policy allows. */
export function hostAllowed(policy: AccessPolicy, host: string | null): boolean {
  const parsed = host ? parseHost(host) : null;
  if (!parsed) return false;
  if (parsed.port !== undefined && policy.allowedHosts.has(`${parsed.name}:${parsed.port}`))
    return true;
  return policy.allowedHosts.has(parsed.name);
}

function digest(value: string) {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Compares two secrets in time that does not depend on where they first differ. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The session cookie's value for a token: an HMAC of it, so the cookie never holds the token
 * itself and changing the token signs everyone out.
 */
export function sessionValue(token: string): string {
  return createHmac("sha256", token).update("autoif-studio-session-v1").digest("base64url");
}

/** Paths that must answer without the token: the login page and its form's endpoint, and build assets. */
function isPublicPath(pathname: string) {
  return (
    pathname === "/login" ||
    pathname === "/api/auth/login" ||
    pathname.startsWith("/_next/static/") ||
    pathname === "/favicon.ico"
  );
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CHANGE_TYPES = new Set(["application/json", "application/octet-stream"]);

function hasToken(policy: AccessPolicy, req: AccessRequest): boolean {
  const token = policy.token;
  if (!token) return true;
  if (req.sessionCookie && secretsEqual(req.sessionCookie, sessionValue(token))) return true;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.authorization ?? "")?.[1];
  return bearer !== undefined && secretsEqual(bearer.trim(), token);
}

/**
 * Why a GET, HEAD or OPTIONS must not be answered, or null when it may: a request another site's
 * page made (an `<img>`, a link, a script) is refused, so no read can be made to do anything on a
 * visitor's behalf. Cross-site means `Sec-Fetch-Site` is `cross-site` or `same-site` (another port
 * of 127.0.0.1 is the same site but another origin), or an Origin or Referer that is not this
 * studio's. A request without these headers (typed in the address bar, curl, the CLI) passes.
 * Applied to every `/api/` route (server/security/apiRoute.ts); pages render nothing that changes.
 */
export function crossSiteRead(req: AccessRequest): string | null {
  const site = (req.fetchSite ?? "").toLowerCase();
  if (site === "cross-site" || site === "same-site")
    return `A ${site} request may not use this address; open it from the studio.`;
  const own = `${req.scheme ?? "http"}://${(req.host ?? "").toLowerCase()}`;
  for (const [header, value] of [
    ["Origin", req.origin],
    ["Referer", req.referer],
  ] as const) {
    if (value === null || value === undefined) continue;
    let origin: string;
    try {
      origin = new URL(value).origin;
    } catch {
      origin = "null";
    }
    if (origin !== own)
      return `${header} "${value}" is not this studio; open the address from the studio.`;
  }
  return null;
}

/**
 * The checks every request passes, in order: Host (DNS rebinding), token (when configured), then
 * for anything but GET/HEAD/OPTIONS the Origin (cross-site requests) and a content type an HTML
 * form cannot send: JSON (tRPC, login) or raw bytes (the streamed query-pool upload). A form can
 * only send urlencoded, multipart or text/plain, and a cross-site fetch of anything else needs a
 * CORS preflight the studio never grants.
 */
export type AccessOptions = {
  /**
   * The route serves scripts that POST JSON without an Origin header (the reward server: OpenRLHF's
   * HTTP client sends neither an Origin nor any header we could ask for). Browsers send Origin on
   * every POST, so a cross-site page is still refused; without a token the Host check and the JSON
   * content type stand, with one the token must come too.
   */
  scriptPosts?: boolean;
};

export function checkAccess(
  policy: AccessPolicy,
  req: AccessRequest,
  options: AccessOptions = {},
): AccessDecision {
  if (!hostAllowed(policy, req.host)) {
    return {
      ok: false,
      status: 403,
      reason: `Host "${req.host ?? ""}" is not one this studio answers to.`,
    };
  }
  const authorized = hasToken(policy, req);
  if (!authorized && !isPublicPath(req.pathname)) {
    return { ok: false, status: 401, reason: "This studio needs its access token.", login: true };
  }
  if (SAFE_METHODS.has(req.method.toUpperCase())) return { ok: true };

  const scheme = req.scheme ?? "http";
  if (req.origin === null) {
    // Browsers send Origin on every POST; a script without one must prove itself with the token.
    const bearer =
      policy.token !== undefined && /^Bearer\s/i.test(req.authorization ?? "") && authorized;
    if (!bearer && !(options.scriptPosts === true && authorized))
      return { ok: false, status: 403, reason: "A change needs an Origin header." };
  } else {
    let originHost: string;
    try {
      const url = new URL(req.origin);
      // The other scheme is another origin (https://127.0.0.1:3000 is not http://127.0.0.1:3000).
      if (url.protocol !== `${scheme}:`) throw new Error("scheme");
      originHost = url.host;
    } catch {
      return { ok: false, status: 403, reason: `Origin "${req.origin}" is not allowed.` };
    }
    if (
      !hostAllowed(policy, originHost) ||
      originHost.toLowerCase() !== (req.host ?? "").toLowerCase()
    ) {
      return { ok: false, status: 403, reason: `Origin "${req.origin}" is not allowed.` };
    }
  }
  const type = (req.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!CHANGE_TYPES.has(type)) {
    return {
      ok: false,
      status: 415,
      reason:
        "Changes are accepted as application/json (or application/octet-stream for uploads) only.",
    };
  }
  return { ok: true };
}
