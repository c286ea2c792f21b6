import "server-only";
import { z } from "zod";
import { env } from "../env.mjs";
import { SESSION_COOKIE, secretsEqual, sessionValue } from "./accessPolicy";
import { clientAddress, LoginLimiter } from "./loginLimit";

const bodySchema = z.object({ token: z.string().max(4096) });

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

let limiter: LoginLimiter | undefined;

/**
 * The login form's endpoint: a correct token gets an httpOnly, SameSite=Strict session cookie.
 * apiRoute has already checked Host, Origin and the JSON content type. Wrong tokens are limited
 * per client address (AUTOIF_LOGIN_ATTEMPTS_PER_MINUTE, 10 by default; then 429), and each waits
 * a moment before its answer.
 */
export async function signIn(req: Request): Promise<Response> {
  const token = env().AUTOIF_TOKEN;
  if (!token)
    return json(404, { error: { message: "This studio has no access token to sign in with." } });
  limiter ??= new LoginLimiter(env().AUTOIF_LOGIN_ATTEMPTS_PER_MINUTE);
  const address = clientAddress(req);
  const slot = limiter.begin(address);
  if ("retryAfter" in slot) {
    return json(
      429,
      {
        error: {
          message: `Too many wrong tokens from ${address}; try again in ${slot.retryAfter} s.`,
        },
      },
      { "Retry-After": String(slot.retryAfter) },
    );
  }
  const parsed = bodySchema.safeParse(await req.json().catch(() => null));
  if (!parsed.success || !secretsEqual(parsed.data.token, token)) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return json(401, { error: { message: "That is not this studio's access token." } });
  }
  slot.release();
  const secure = new URL(req.url).protocol === "https:" ? "; Secure" : "";
  const cookie = `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000${secure}`;
  return json(200, { ok: true }, { "Set-Cookie": cookie });
}

/** Whether this studio asks for a token at all (the login page redirects home when not). */
export function tokenRequired(): boolean {
  return env().AUTOIF_TOKEN !== undefined;
}
