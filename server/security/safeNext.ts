/**
 * Where to go after signing in: `next` resolved the way a browser resolves it (tabs and newlines
 * dropped, `\` read as `/`, dot segments applied) against the studio's origin, kept only when it
 * stays on that origin, and returned as a path that cannot be read as another host (never `//`).
 * Anything else is "/". The immediate redirect (no token needed) and the sign-in form both use it.
 */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value) return "/";
  const origin = "http://studio.invalid";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  // "/.//evil.example" resolves to the path "//evil.example", itself a link to another host.
  const path = `/${url.pathname.replace(/^[/\\]+/, "")}`;
  return `${path}${url.search}${url.hash}`;
}
