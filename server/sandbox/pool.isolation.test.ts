import { afterAll, describe, expect, it } from "vitest";
import { DEEP_NESTING } from "@/lib/verifier/testing/deepNesting";
import { isolationSeeds } from "@/lib/verifier/testing/isolationSeeds";
import { freshEngineReference } from "@/lib/verifier/testing/freshReference";
import {
  ISOLATION_LIMITS,
  isolationSchedule,
  runIsolationSchedule,
} from "@/lib/verifier/testing/isolationVerifiers";
import { createVerifierPool } from "./pool";

// The isolation promise through the real pool: one worker thread, so every batch of a schedule
// runs on the same engine, after everything before it.
const pool = createVerifierPool({ size: 1, batchSize: 8 });
afterAll(() => pool.close());
const KNOWN = "function evaluate(r) { return /\\bplease\\b/i.test(r); }";

describe("verifier isolation on the pool's worker", () => {
  it(
    "gives every outcome of random interleavings the outcome of a fresh engine",
    { timeout: 900_000 },
    async () => {
      const reference = await freshEngineReference();
      const problems: string[] = [];
      for (const seed of isolationSeeds([11, 12])) {
        problems.push(
          ...(await runIsolationSchedule(seed, isolationSchedule(seed, 30), reference, (s, r) =>
            pool.evaluate(s, r, ISOLATION_LIMITS),
          )),
        );
      }
      expect(problems).toEqual([]);
      expect(pool.replacements).toBe(0);
    },
  );

  it.each(DEEP_NESTING)(
    "$label: a located compile error, and the worker survives",
    async ({ source }) => {
      const before = pool.replacements;
      const result = await pool.compile(source);
      expect(result).toMatchObject({
        ok: false,
        error: { line: expect.any(Number), column: expect.any(Number) },
      });
      expect(result.ok === false && result.error.line).toBeGreaterThanOrEqual(1);
      const outcomes = await pool.evaluate(source, ["a", "b"]);
      expect(outcomes.map((o) => o.verdict === "error" && o.kind)).toEqual(["compile", "compile"]);
      expect((await pool.evaluate(KNOWN, ["please", "no"])).map((o) => o.verdict)).toEqual([
        "pass",
        "fail",
      ]);
      expect(pool.replacements).toBe(before);
    },
  );
});
