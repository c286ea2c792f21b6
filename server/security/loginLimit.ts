/**
 * Counts sign-in attempts per client address: at most `perMinute` wrong tokens in any minute
 * from one address; past that the address gets 429 until its oldest failure is a minute old.
 * The slot is taken before the token is even read, so many requests sent at once count as many
 * (the old per-request delay let 137 guesses a second through from parallel connections).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Takes an attempt slot for `address`, or says how many seconds it must wait. */
  begin(address: string, now = Date.now()): { release: () => void } | { retryAfter: number } {
    const recent = (this.failures.get(address) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= this.perMinute) {
      this.failures.set(address, recent);
      return { retryAfter: Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000)) };
    }
    recent.push(now);
    this.failures.delete(address); // re-inserted last: the map's order is least recently used first
    this.failures.set(address, recent);
    while (this.failures.size > this.maxAddresses)
      this.failures.delete(this.failures.keys().next().value!);
    // A right token gives its slot back: only wrong ones count.
    return {
      release: () => {
        const list = this.failures.get(address);
        const at = list ? list.indexOf(now) : -1;
        if (at >= 0) list!.splice(at, 1);
      },
    };
  }
}

const PRELOAD = Symbol.for("autoif.clientAddressHeader");

/**
 * The address the request's connection came from, as server/security/clientAddress.mjs (preloaded
 * by `npm start`) stamped it; a client cannot set it, the preload overwrites it. Without the
 * preload (next dev), every client shares one count.
 */
export function clientAddress(request: Request): string {
  const header = (globalThis as Record<symbol, unknown>)[PRELOAD];
  if (typeof header !== "string") return "unknown";
  return request.headers.get(header) ?? "unknown";
}
