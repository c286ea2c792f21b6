/**
 * Limits applied to every verifier call. A call that exceeds one ends as an `error` outcome.
 */
export interface VerifierLimits {
  /** Wall-clock budget of one call (top-level code plus `evaluate(response)`), in milliseconds. */
  deadlineMs: number;
  /** QuickJS allocator limit for the guest heap, in bytes. The wasm memory cap backs it up. */
  memoryBytes: number;
  /**
   * Guest stack limit, in bytes. Small on purpose: 512 KiB let deep recursion overflow the
   * host stack before QuickJS noticed; 128 KiB gives a clean `stack overflow` error.
   */
  stackBytes: number;
  /** Seed of the guest's `Math.random`, reset before every call so order cannot matter. */
  seed: number;
}

/** Extra time the watchdog outside the interpreter allows past `deadlineMs` before terminating. */
export const WATCHDOG_GRACE_MS = 250;

export const DEFAULT_LIMITS: Readonly<VerifierLimits> = Object.freeze({
  deadlineMs: 1_000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 128 * 1024,
  seed: 0x2f6b_1d3a,
});

/** Fills unset fields with {@link DEFAULT_LIMITS} and rejects values that would disable a limit. */
export function resolveLimits(partial: Partial<VerifierLimits> = {}): VerifierLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const key of ["deadlineMs", "memoryBytes", "stackBytes"] as const) {
    const value = limits[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`verifier limit ${key} must be a positive finite number, got ${value}`);
    }
  }
  limits.seed = limits.seed >>> 0;
  return limits;
}
