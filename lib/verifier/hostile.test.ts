import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifierEngine, type VerifierEngine } from "./engine";
import { nodeWasmModule } from "./testing/nodeWasmModule";

// In-thread hostile code: everything the interrupt handler and the memory/stack limits catch.
// Code that wedges inside one long native call (Array(2e8).join, "x".repeat in a loop) needs the
// watchdog outside the interpreter: see server/sandbox/pool.hostile.test.ts.
const DEADLINE_MS = 300;
const KNOWN = "function evaluate(r) { return /\\bplease\\b/i.test(r); }";
let engine: VerifierEngine;

beforeAll(async () => {
  engine = await createVerifierEngine({ wasmModule: nodeWasmModule() });
});
afterAll(() => engine.dispose());

// Expected kinds: "a|b" when either limit may trip first depending on machine speed.
const cases: [string, string, string][] = [
  ["an infinite loop", "function evaluate(r) { while (true) {} }", "timeout"],
  [
    "a catastrophic regex",
    'function evaluate(r) { return /(a+)+$/.test("a".repeat(40) + "b"); }',
    "timeout",
  ],
  [
    "many large strings",
    'function evaluate(r) { const a = []; for (let i = 0; ; i++) a.push("x".repeat(1 << 20) + i); }',
    "memory|timeout",
  ],
  [
    "many small objects",
    "function evaluate(r) { const a = []; for (let i = 0; ; i++) a.push({ i }); }",
    "memory|timeout",
  ],
  ["one huge string", 'function evaluate(r) { return "x".repeat(2 ** 28).length > 0; }', "memory"],
  [
    "unbounded recursion",
    "function evaluate(r) { function f(n) { return f(n + 1) + 1; } return f(0) > 0; }",
    "stack",
  ],
  [
    "deeply nested JSON",
    'function evaluate(r) { return JSON.parse("[".repeat(1e6)) !== null; }',
    "stack",
  ],
  ["a throw", 'function evaluate(r) { throw new Error("boom"); }', "thrown"],
  [
    "a top-level throw",
    'throw new Error("at load"); function evaluate(r) { return true; }',
    "thrown",
  ],
  [
    "a catch of the time-out",
    "function evaluate(r) { try { for (;;) {} } catch (e) { return true; } }",
    "timeout",
  ],
];

describe("hostile verifiers end as errors and the engine keeps serving", () => {
  it.each(cases)("%s", async (_label, source, kind) => {
    const [outcome] = await engine.evaluate(source, ["x"], { deadlineMs: DEADLINE_MS });
    expect(outcome?.verdict).toBe("error");
    expect(kind.split("|")).toContain(outcome?.verdict === "error" ? outcome.kind : "none");
    const after = await engine.evaluate(KNOWN, ["Please do", "no", "say please."]);
    expect(after.map((o) => o.verdict)).toEqual(["pass", "fail", "pass"]);
  });

  it("rebuilds the wasm instance after a limit instead of reusing it", async () => {
    const before = engine.rebuilds;
    await engine.evaluate("function evaluate(r) { while (true) {} }", ["x"], { deadlineMs: 50 });
    expect(engine.rebuilds).toBe(before + 1);
  });

  it("keeps the wasm memory within its cap", async () => {
    const small = await createVerifierEngine({
      wasmModule: nodeWasmModule(),
      wasmMemoryMaxBytes: 64 * 1024 * 1024,
    });
    const source =
      'function evaluate(r) { const a = []; for (let i = 0; ; i++) a.push("y".repeat(1 << 20) + i); }';
    const [outcome] = await small.evaluate(source, ["x"], { memoryBytes: 1024 * 1024 * 1024 });
    expect(outcome).toMatchObject({ verdict: "error", kind: "memory" });
    expect((await small.evaluate(KNOWN, ["please"]))[0]?.verdict).toBe("pass");
    small.dispose();
  });
});
