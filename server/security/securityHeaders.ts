/**
 * The Content-Security-Policy and other response headers. Pages get a fresh nonce per request
 * (Next puts it on its own inline bootstrap scripts; `strict-dynamic` lets those load the
 * chunks), so no inline script that came from data can run. See docs/security.md.
 */

/** A CSP for an HTML page rendered with `nonce`. `dev` adds what `next dev` needs (eval for React's debug stacks, websockets for HMR). */
export function pagePolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval': QuickJS is WebAssembly compiled in the page or its worker.
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes in server-rendered HTML; styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    // The verifier worker, and Monaco's, come from our own origin (Monaco may use blob: URLs).
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join("; ");
}

/**
 * The CSP for everything that is not a page (build assets, JSON, downloads). It matters for
 * worker scripts, which take their policy from their own response: same-origin imports and
 * fetches, WebAssembly, nothing else.
 */
export function assetPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers every response carries. */
export const baseSecurityHeaders: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};
