import { describe, expect, it } from "vitest";
import { isolationSeeds } from "../testing/isolationSeeds";
import { ISOLATION_LIMITS, isolationSchedule, runIsolationSchedule } from "../testing/isolationVerifiers";
import { nodePyodideIndex } from "../testing/nodePyodideIndex";
import {
  PYTHON_HOSTILE_ISOLATION_VERIFIERS,
  PYTHON_ISOLATION_VERIFIERS,
  pythonIsolationReference,
} from "../testing/pythonIsolationVerifiers";
import { createPythonEngine } from "./pythonEngine";

const verdicts = (outcomes: { verdict: string; kind?: string; message?: string }[]) =>
  outcomes.map((o) => (o.verdict === "error" ? `error:${o.kind}: ${o.message}` : o.verdict));

describe("Python calls are independent by construction", { timeout: 900_000 }, () => {
  it("gives six identical verdicts for one response six times, and a hostile verifier passes each time", async () => {
    const engine = await createPythonEngine({ indexURL: nodePyodideIndex() });
    for (const verifier of PYTHON_HOSTILE_ISOLATION_VERIFIERS) {
      const outcomes = verdicts(await engine.evaluate(verifier.source, Array(6).fill("a b c"), ISOLATION_LIMITS));
      expect(outcomes, verifier.label).toEqual(Array(6).fill("pass"));
    }
    // And after all of them ran: a second round still sees nothing of the first.
    for (const verifier of PYTHON_HOSTILE_ISOLATION_VERIFIERS) {
      expect(verdicts(await engine.evaluate(verifier.source, ["again"], ISOLATION_LIMITS)), verifier.label).toEqual(["pass"]);
    }
  });

  it("gives every outcome of random interleavings on one engine the outcome of a fresh engine", async () => {
    const fresh = await createPythonEngine({ indexURL: nodePyodideIndex() });
    const reference = await pythonIsolationReference((s, r) => fresh.evaluate(s, r, ISOLATION_LIMITS));
    const problems: string[] = [];
    for (const seed of isolationSeeds([1, 2])) {
      const one = await createPythonEngine({ indexURL: nodePyodideIndex() });
      const schedule = isolationSchedule(seed, 30, PYTHON_ISOLATION_VERIFIERS);
      problems.push(...(await runIsolationSchedule(seed, schedule, reference, (s, r) => one.evaluate(s, r, ISOLATION_LIMITS), PYTHON_ISOLATION_VERIFIERS)));
    }
    expect(problems).toEqual([]);
  });
});
