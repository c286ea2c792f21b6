import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelay } from "./retryPolicy";

const policy = { baseDelayMs: 100, maxDelayMs: 1_000, retryAfterCapMs: 60_000 };

describe("retry policy", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter("0.5")).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("waits what the server asks, capped at a minute", () => {
    expect(retryDelay(1, 2_000, policy)).toBe(2_000);
    expect(retryDelay(1, 3_600_000, policy)).toBe(60_000);
  });

  it("backs off exponentially with full jitter below a growing ceiling", () => {
    const top = { ...policy, random: () => 0.999 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, undefined, top))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(retryDelay(3, undefined, { ...policy, random: () => 0 })).toBe(0);
  });
});
