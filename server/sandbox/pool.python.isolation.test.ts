import { afterAll, describe, expect, it } from "vitest";
import { isolationSeeds } from "@/lib/verifier/testing/isolationSeeds";
import {
  ISOLATION_LIMITS,
  isolationSchedule,
  runIsolationSchedule,
} from "@/lib/verifier/testing/isolationVerifiers";
import {
  PYTHON_ISOLATION_VERIFIERS,
  pythonIsolationReference,
} from "@/lib/verifier/testing/pythonIsolationVerifiers";
import { createVerifierPool } from "./pool";

// The isolation promise for Python through the real pool: one Python worker thread, so every
// batch of a schedule runs on the same interpreter, after everything before it.
const pool = createVerifierPool({ size: 1, pythonSize: 1, batchSize: 8 });
const fresh = createVerifierPool({ size: 1, pythonSize: 1 });
afterAll(() => {
  pool.close();
  fresh.close();
});

describe("Python verifier isolation on the pool's worker", () => {
  it(
    "gives every outcome of random interleavings the outcome of a fresh interpreter",
    { timeout: 900_000 },
    async () => {
      const reference = await pythonIsolationReference((source, responses) =>
        fresh.evaluate({ language: "python", source }, responses, ISOLATION_LIMITS),
      );
      const problems: string[] = [];
      for (const seed of isolationSeeds([21, 22])) {
        const schedule = isolationSchedule(seed, 30, PYTHON_ISOLATION_VERIFIERS);
        problems.push(
          ...(await runIsolationSchedule(
            seed,
            schedule,
            reference,
            (source, r) => pool.evaluate({ language: "python", source }, r, ISOLATION_LIMITS),
            PYTHON_ISOLATION_VERIFIERS,
          )),
        );
      }
      expect(problems).toEqual([]);
      expect(pool.replacements).toBe(0);
    },
  );
});
