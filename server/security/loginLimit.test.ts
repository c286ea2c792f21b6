import { describe, expect, it } from "vitest";
import { LoginLimiter } from "./loginLimit";

describe("LoginLimiter", () => {
  it("lets `perMinute` wrong tokens through per address per minute, counting ones still in flight", () => {
    const limiter = new LoginLimiter(3);
    const t = 1_000_000;
    const slots = [limiter.begin("a", t), limiter.begin("a", t), limiter.begin("a", t + 1)];
    expect(slots.every((s) => "release" in s)).toBe(true);
    expect(limiter.begin("a", t + 2)).toEqual({ retryAfter: 60 });
    expect("release" in limiter.begin("b", t + 2)).toBe(true);
    expect(limiter.begin("a", t + 59_000)).toEqual({ retryAfter: 1 });
    expect("release" in limiter.begin("a", t + 60_001)).toBe(true);
  });

  it("a right token gives its slot back", () => {
    const limiter = new LoginLimiter(1);
    const slot = limiter.begin("a", 5);
    if (!("release" in slot)) throw new Error("refused");
    slot.release();
    expect("release" in limiter.begin("a", 6)).toBe(true);
    expect("retryAfter" in limiter.begin("a", 7)).toBe(true);
  });

  it("forgets the least recently seen addresses past its bound", () => {
    const limiter = new LoginLimiter(1, 2);
    limiter.begin("a", 1);
    limiter.begin("b", 1);
    limiter.begin("c", 1);
    expect("release" in limiter.begin("a", 2)).toBe(true);
  });
});
