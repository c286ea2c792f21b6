import "server-only";

/** How long to wait between attempts. */
export interface RetryPolicy {
  /** First backoff ceiling in ms; it doubles per failed attempt (full jitter: a random wait below it). */
  baseDelayMs: number;
  /** Largest backoff ceiling in ms. */
  maxDelayMs: number;
  /** Longest `Retry-After` we honour, in ms; a server asking for more gets this. */
  retryAfterCapMs: number;
  /** Source of randomness in [0, 1). */
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  retryAfterCapMs: 60_000,
};

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds or an HTTP date. Undefined when
 * absent or unreadable, so the caller falls back to backoff.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Wait in ms before the next attempt after `failedAttempts` failures (1 after the first): the
 * server's Retry-After when given (capped), else full-jitter exponential backoff, which spreads
 * many clients' retries instead of synchronizing them.
 */
export function retryDelay(
  failedAttempts: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.retryAfterCapMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
