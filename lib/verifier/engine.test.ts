import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifierEngine, type VerifierEngine } from "./engine";
import type { Outcome } from "./outcome";
import { GUEST_GLOBALS } from "./realm";
import { DEEP_NESTING } from "./testing/deepNesting";
import { nodeWasmModule } from "./testing/nodeWasmModule";

const LENGTH_AT_LEAST_5 = "function evaluate(response) { return response.length >= 5; }";
const FAST = { deadlineMs: 300 };
let engine: VerifierEngine;

beforeAll(async () => {
  engine = await createVerifierEngine({ wasmModule: nodeWasmModule() });
});
afterAll(() => engine.dispose());

async function one(source: string, response = "hello world"): Promise<Outcome> {
  const [outcome] = await engine.evaluate(source, [response], FAST);
  if (outcome === undefined) throw new Error("no outcome");
  return outcome;
}

describe("verdicts", () => {
  it("gives pass and fail for true and false, in order", async () => {
    const outcomes = await engine.evaluate(LENGTH_AT_LEAST_5, ["abcdef", "abc", "abcde"]);
    expect(outcomes.map((o) => o.verdict)).toEqual(["pass", "fail", "pass"]);
    for (const o of outcomes) expect(o.durationMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ["a string", 'function evaluate(r) { return "true"; }', "a string"],
    ["a number", "function evaluate(r) { return 1; }", "a number"],
    ["undefined", "function evaluate(r) {}", "undefined"],
    ["null", "function evaluate(r) { return null; }", "null"],
    [
      "an object with getters",
      "function evaluate(r) { return { get x() { for(;;){} } }; }",
      "an object",
    ],
    [
      "a Proxy",
      "function evaluate(r) { return new Proxy({}, { get() { throw 1; } }); }",
      "an object",
    ],
    ["a Promise", "async function evaluate(r) { return true; }", "a Promise"],
  ])("reports returning %s as an error", async (_label, source, expected) => {
    const outcome = await one(source);
    expect(outcome).toMatchObject({ verdict: "error", kind: "result" });
    expect(outcome.verdict === "error" && outcome.message).toContain(expected);
  });

  it("reports a throw with its message, line and column", async () => {
    const outcome = await one('function evaluate(r) {\n  throw new TypeError("nope");\n}');
    expect(outcome).toMatchObject({ verdict: "error", kind: "thrown" });
    expect(outcome.verdict === "error" && outcome.message).toMatch(
      /TypeError: nope \(line 2, column \d+\)/,
    );
  });

  it("reports a thrown non-Error value", async () => {
    const outcome = await one("function evaluate(r) { throw { toString() { throw 1; } }; }");
    expect(outcome).toMatchObject({ verdict: "error", kind: "thrown" });
  });

  it("counts UTF-16 code units in .length, as JavaScript does", async () => {
    const source = "function evaluate(r) { return r.length === 4 && [...r].length === 3; }";
    // "e" + combining acute (2 units, 2 code points) + one emoji (2 units, 1 code point)
    expect((await one(source, "e\u0301\u{1F600}")).verdict).toBe("pass");
  });

  it("evaluates a 1 MB response", async () => {
    const source = "function evaluate(r) { return r.length === 1048576 && r.endsWith('z'); }";
    expect((await one(source, "x".repeat(1048575) + "z")).verdict).toBe("pass");
  });
});

describe("compile", () => {
  it("reports a syntax error with line and column", async () => {
    const result = await engine.compile("function evaluate(r) {\n  return r.length > 3 +;\n}");
    expect(result).toEqual({
      ok: false,
      error: { message: expect.stringContaining("SyntaxError"), line: 2, column: 24 },
    });
  });

  it("reports a syntax error on line 1 at the source's own column", async () => {
    const result = await engine.compile("function evaluate(r) { return ) }");
    expect(result.ok === false && result.error).toMatchObject({ line: 1, column: 31 });
  });

  it("rejects source that tries to close the per-call wrapper", async () => {
    const result = await engine.compile(
      "}); let leaked = 0; (function(){ function evaluate(r) { return true; }",
    );
    expect(result.ok).toBe(false);
  });

  it("rejects a verifier without evaluate", async () => {
    const result = await engine.compile("function evaluat(r) { return true; }");
    expect(result.ok === false && result.error.message).toContain(
      "does not define function evaluate",
    );
  });

  it("accepts a good verifier", async () => {
    expect(await engine.compile(LENGTH_AT_LEAST_5)).toEqual({ ok: true });
  });

  it("turns a compile error into an error outcome for every response", async () => {
    const outcomes = await engine.evaluate("function evaluate(r) { return (; }", ["a", "b"]);
    expect(outcomes.map((o) => o.verdict === "error" && o.kind)).toEqual(["compile", "compile"]);
  });
});

describe("determinism and the guest's globals", () => {
  it("exposes exactly the allow-listed globals", async () => {
    const source = `function evaluate(r) { return Reflect.ownKeys(globalThis).map(String).sort().join(",") === r; }`;
    expect((await one(source, [...GUEST_GLOBALS].sort().join(","))).verdict).toBe("pass");
  });

  it.each([
    "Date",
    "require",
    "process",
    "fetch",
    "console",
    "setTimeout",
    "WebAssembly",
    "performance",
  ])("has no %s, and the error names it", async (name) => {
    const outcome = await one(`function evaluate(r) { return typeof ${name}.x === "number"; }`);
    expect(outcome).toMatchObject({ verdict: "error", kind: "thrown" });
    expect(outcome.verdict === "error" && outcome.message).toContain(`'${name}' is not defined (`);
  });

  it("gives the same Math.random sequence on every call", async () => {
    const source = "function evaluate(r) { return Math.random() === Number(r); }";
    const first = await one("function evaluate(r) { throw String(Math.random()); }");
    const value =
      first.verdict === "error"
        ? first.message.replace(/^threw /, "").replace(/ \(line.*$/, "")
        : "";
    expect(Number(value)).toBeGreaterThan(0);
    const outcomes = await engine.evaluate(source, [value, value, value]);
    expect(outcomes.map((o) => o.verdict)).toEqual(["pass", "pass", "pass"]);
  });

  it("rejects import() as a Promise result, not a module load", async () => {
    const outcome = await one('function evaluate(r) { return import("fs"); }');
    expect(outcome).toMatchObject({ verdict: "error", kind: "result" });
  });

  it("cannot reach the host through the Function constructor", async () => {
    const outcome = await one(
      'function evaluate(r) { return this.constructor.constructor("return process")() !== undefined; }',
    );
    expect(outcome).toMatchObject({ verdict: "error", kind: "thrown" });
    expect(outcome.verdict === "error" && outcome.message).toContain("'process' is not defined");
  });
});

describe("compile: nesting deep enough to overflow the host's stack", () => {
  it.each(DEEP_NESTING)(
    "$label is a located compile error and the engine keeps serving",
    async ({ source }) => {
      const result = await engine.compile(source);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.message).toMatch(/Error/);
      expect(result.error.line).toBeGreaterThanOrEqual(1);
      expect(result.error.column).toBeGreaterThanOrEqual(1);
      const outcomes = await engine.evaluate(source, ["a", "b"]);
      expect(outcomes.map((o) => o.verdict === "error" && o.kind)).toEqual(["compile", "compile"]);
      expect(outcomes[0]?.verdict === "error" && outcomes[0].message).toContain(
        `(line ${result.error.line}, column ${result.error.column})`,
      );
      expect(await engine.compile(LENGTH_AT_LEAST_5)).toEqual({ ok: true });
      expect((await engine.evaluate(LENGTH_AT_LEAST_5, ["abcdef"]))[0]?.verdict).toBe("pass");
    },
  );

  it("names nesting too deep to parse, at the place the parser stopped", async () => {
    const result = await engine.compile(
      `function evaluate(r) {\n  return ${"(".repeat(200_000)}1${")".repeat(200_000)};\n}`,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { line: 2, message: expect.stringContaining("nested too deeply") },
    });
    expect(result.ok === false && result.error.column).toBeGreaterThan(10);
  });

  it("still compiles ordinary nesting (100 levels of each kind)", async () => {
    const deep = `function evaluate(r) {\n  var a = ${"(".repeat(100)}1${")".repeat(100)};\n  var b = ${"[".repeat(100)}${"]".repeat(100)};\n  var c = ${"{a:".repeat(100)}1${"}".repeat(100)};\n  return a === 1 && b.length === 1 && typeof c === "object";\n}`;
    expect(await engine.compile(deep)).toEqual({ ok: true });
    expect((await engine.evaluate(deep, ["x"]))[0]?.verdict).toBe("pass");
  });

  it("turns a parse overflow inside a call (eval of deep nesting) into an error outcome", async () => {
    const source = `function evaluate(r) { try { eval("(".repeat(200000)); } catch (e) { return false; } return true; }`;
    const [outcome] = await engine.evaluate(source, ["x"]);
    expect(outcome?.verdict === "error" ? outcome.kind : outcome?.verdict).toMatch(
      /^(fail|stack)$/,
    );
    expect((await engine.evaluate(LENGTH_AT_LEAST_5, ["abcdef"]))[0]?.verdict).toBe("pass");
  });
});

describe("compile: when the host's stack overflows first anyway", () => {
  it("drops the instance, names a place and keeps serving", async () => {
    const loose = await createVerifierEngine({
      wasmModule: nodeWasmModule(),
      compileStackBytes: 1024 * 1024,
    });
    try {
      const before = loose.rebuilds;
      const result = await loose.compile(
        `function evaluate(r) {\n  return ${"(".repeat(200_000)}1;\n}`,
      );
      expect(result).toMatchObject({
        ok: false,
        error: { line: 2, message: expect.stringMatching(/nested too deeply|stack overflow/) },
      });
      expect(loose.rebuilds).toBe(before + 1);
      expect(await loose.compile(LENGTH_AT_LEAST_5)).toEqual({ ok: true });
      expect(
        (await loose.evaluate(LENGTH_AT_LEAST_5, ["abcdef", "a"])).map((o) => o.verdict),
      ).toEqual(["pass", "fail"]);
    } finally {
      loose.dispose();
    }
  });
});
