import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifierEngine, type VerifierEngine } from "./engine";
import {
  HOSTILE_ISOLATION_VERIFIERS,
  ISOLATION_LIMITS,
  isolationSchedule,
  runIsolationSchedule,
} from "./testing/isolationVerifiers";
import { freshEngineReference } from "./testing/freshReference";
import { isolationSeeds } from "./testing/isolationSeeds";
import { nodeWasmModule } from "./testing/nodeWasmModule";

let engine: VerifierEngine;
beforeAll(async () => {
  engine = await createVerifierEngine({ wasmModule: nodeWasmModule() });
});
afterAll(() => engine.dispose());

async function verdicts(source: string, responses: string[]): Promise<string[]> {
  const outcomes = await engine.evaluate(source, responses, { deadlineMs: 300 });
  return outcomes.map((o) => (o.verdict === "error" ? `error:${o.kind}` : o.verdict));
}

describe("no state leaks from one response to the next", () => {
  it("restarts a top-level counter on every call", async () => {
    const source = "let calls = 0; function evaluate(r) { calls += 1; return calls === 1; }";
    expect(await verdicts(source, ["a", "b", "c"])).toEqual(["pass", "pass", "pass"]);
  });

  it("restarts a var counter and a global regex's lastIndex", async () => {
    const source =
      "var n = 0; const re = /a/g; function evaluate(r) { n++; return n === 1 && re.test(r); }";
    expect(await verdicts(source, ["a", "a", "a"])).toEqual(["pass", "pass", "pass"]);
  });

  it("cannot keep state on globalThis", async () => {
    const source =
      "function evaluate(r) { globalThis.count = (globalThis.count || 0) + 1; return globalThis.count === undefined; }";
    expect(await verdicts(source, ["a", "b"])).toEqual(["pass", "pass"]);
  });

  it("cannot keep state through an implicit global in sloppy mode", async () => {
    const source =
      "function evaluate(r) { try { seen = seen + 1; } catch (e) { seen = 1; } return typeof seen === 'undefined'; }";
    expect(await verdicts(source, ["a", "b"])).toEqual(["pass", "pass"]);
  });

  it("cannot patch String.prototype for the next call (sloppy: ignored)", async () => {
    const patch =
      "function evaluate(r) { String.prototype.includes = function () { return true; }; return r.includes('zzz'); }";
    expect(await verdicts(patch, ["abc"])).toEqual(["fail"]);
    const honest = "function evaluate(r) { return r.includes('zzz'); }";
    expect(await verdicts(honest, ["abc"])).toEqual(["fail"]);
  });

  it("makes prototype tampering a clear error in strict mode", async () => {
    const patch =
      '"use strict"; function evaluate(r) { Array.prototype.push = null; return true; }';
    expect(await verdicts(patch, ["a", "b"])).toEqual(["error:thrown", "error:thrown"]);
  });

  it("cannot change Math.random or JSON for later calls", async () => {
    const patch =
      "function evaluate(r) { Math.random = () => 0; JSON.parse = () => 1; return Math.random() === 0; }";
    expect(await verdicts(patch, ["a", "b"])).toEqual(["fail", "fail"]);
  });

  it("still lets ordinary code shadow toString, name and constructor", async () => {
    const source = `function evaluate(r) {
      class MyError extends Error { constructor(m) { super(m); this.name = "MyError"; } }
      const o = {}; o.toString = () => "custom"; o.constructor = null;
      function P() {} P.prototype.toString = function () { return "p"; };
      return new MyError("x").name === "MyError" && String(o) === "custom" && String(new P()) === "p";
    }`;
    expect(await verdicts(source, ["a"])).toEqual(["pass"]);
  });

  it("does not share state between two verifiers in the same engine", async () => {
    const a = "function evaluate(r) { Object.prototype.polluted = 1; return true; }";
    const b = "function evaluate(r) { return ({}).polluted === undefined; }";
    expect(await verdicts(a, ["x"])).toEqual(["pass"]);
    expect(await verdicts(b, ["x"])).toEqual(["pass"]);
  });
});

describe("calls are independent by construction", () => {
  it("gives six identical verdicts for one response six times, whatever the verifier keeps on its wrapper", async () => {
    for (const verifier of HOSTILE_ISOLATION_VERIFIERS.slice(0, 3)) {
      const outcomes = await verdicts(verifier.source, Array(6).fill("a"));
      expect(new Set(outcomes), verifier.label).toEqual(new Set([outcomes[0]]));
      expect(outcomes[0], verifier.label).toBe("pass");
    }
  });

  it(
    "gives every outcome of random interleavings on one engine the outcome of a fresh engine",
    { timeout: 600_000 },
    async () => {
      const reference = await freshEngineReference();
      const problems: string[] = [];
      for (const seed of isolationSeeds([1, 2])) {
        const one = await createVerifierEngine({ wasmModule: nodeWasmModule() });
        try {
          problems.push(
            ...(await runIsolationSchedule(seed, isolationSchedule(seed, 30), reference, (s, r) =>
              one.evaluate(s, r, ISOLATION_LIMITS),
            )),
          );
        } finally {
          one.dispose();
        }
      }
      expect(problems).toEqual([]);
    },
  );
});
