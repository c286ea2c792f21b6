import { describe, expect, it } from "vitest";
import { isolationSeeds } from "../testing/isolationSeeds";
import {
  ISOLATION_LIMITS,
  isolationSchedule,
  runIsolationSchedule,
} from "../testing/isolationVerifiers";
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
      const outcomes = verdicts(
        await engine.evaluate(verifier.source, Array(6).fill("a b c"), ISOLATION_LIMITS),
      );
      expect(outcomes, verifier.label).toEqual(Array(6).fill("pass"));
    }
    // And after all of them ran: a second round still sees nothing of the first.
    for (const verifier of PYTHON_HOSTILE_ISOLATION_VERIFIERS) {
      expect(
        verdicts(await engine.evaluate(verifier.source, ["again"], ISOLATION_LIMITS)),
        verifier.label,
      ).toEqual(["pass"]);
    }
  });

  it("gives every outcome of random interleavings on one engine the outcome of a fresh engine", async () => {
    const fresh = await createPythonEngine({ indexURL: nodePyodideIndex() });
    const reference = await pythonIsolationReference((s, r) =>
      fresh.evaluate(s, r, ISOLATION_LIMITS),
    );
    const problems: string[] = [];
    for (const seed of isolationSeeds([1, 2])) {
      const one = await createPythonEngine({ indexURL: nodePyodideIndex() });
      const schedule = isolationSchedule(seed, 30, PYTHON_ISOLATION_VERIFIERS);
      problems.push(
        ...(await runIsolationSchedule(
          seed,
          schedule,
          reference,
          (s, r) => one.evaluate(s, r, ISOLATION_LIMITS),
          PYTHON_ISOLATION_VERIFIERS,
        )),
      );
    }
    expect(problems).toEqual([]);
  });
  // Found by an attack: a class made with type() carries __del__ past the source check, and a
  // finalizer that makes a new cycle while the collector runs was put off to the next call, so
  // verifier A's finalizer ran (and burned its time) inside verifier B's call.
  const finalizerOf = (body: string) =>
    "def make():\n    def fin(s):\n" +
    body +
    "    Dc = [type('D', (), {'__d' + 'el__': fin})]\n    return Dc[0]\n\n" +
    "def evaluate(response):\n    D = make()\n    x = D(); x.n = 0; x.me = x\n    return True\n";
  const HONEST =
    "import re\n\ndef evaluate(response):\n    return re.search(r'\\bplease\\b', response, re.I) is not None\n";

  it("runs a verifier's finalizers inside its own call, never inside the next verifier's", async () => {
    const engine = await createPythonEngine({ indexURL: nodePyodideIndex() });
    const slowFinalizer = finalizerOf(
      "        if s.n < 1:\n            y = Dc[0](); y.n = s.n + 1; y.me = y\n        else:\n            i = 0\n            while i < 10**7: i += 1\n",
    );
    const [a] = await engine.evaluate(slowFinalizer, ["x"], { deadlineMs: 100 });
    expect(a).toMatchObject({ verdict: "error", kind: "timeout" });
    const b = await engine.evaluate(HONEST, ["Please do", "no"], { deadlineMs: 60_000 });
    expect(verdicts(b)).toEqual(["pass", "fail"]);
    // Had A's finalizer run in B's call, B would have spent the 10**7 loop; the collector in B's
    // call finds nothing of A's.
    engine.dispose();
  });

  it("ends the interpreter of a verifier whose finalizers keep making garbage, and the next verifier is right", async () => {
    const engine = await createPythonEngine({ indexURL: nodePyodideIndex() });
    const immortal = finalizerOf("        y = Dc[0](); y.n = 0; y.me = y\n");
    const before = engine.rebuilds;
    const [a] = await engine.evaluate(immortal, ["x"], { deadlineMs: 60_000 });
    expect(a).toMatchObject({ verdict: "error", kind: "thrown" });
    expect(a?.verdict === "error" && a.message).toContain("keep finalizing");
    const b = await engine.evaluate(HONEST, ["Please do", "no"], { deadlineMs: 60_000 });
    expect(verdicts(b)).toEqual(["pass", "fail"]);
    expect(engine.rebuilds).toBe(before + 1);
    engine.dispose();
  });
});
