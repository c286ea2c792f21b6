import { afterAll, describe, expect, it } from "vitest";
import type { VerifierCode } from "@/lib/verifier/language";
import { createVerifierPool } from "./pool";

// One Python worker: each loads Pyodide (seconds), and this file checks routing, not throughput.
const pool = createVerifierPool({ size: 1, pythonSize: 1, batchSize: 100 });
afterAll(() => pool.close());

const py = (source: string): VerifierCode => ({ language: "python", source });
const HAS_PLEASE_PY = py(
  "import re\n\ndef evaluate(response):\n    return re.search(r'\\bplease\\b', response, re.I) is not None\n",
);
const HAS_PLEASE_JS = "function evaluate(r) { return /\\bplease\\b/i.test(r); }";
const responses = Array.from({ length: 250 }, (_, i) =>
  i % 3 === 0 ? `Please ${i}` : `no thanks, number ${i}`,
);
const verdicts = (outcomes: { verdict: string; kind?: string }[]) =>
  outcomes.map((o) => (o.verdict === "error" ? `error:${o.kind}` : o.verdict));

// Generous: a replaced Python worker loads Pyodide again (seconds, far more on a loaded machine).
describe("verifier pool with Python workers", { timeout: 300_000 }, () => {
  it("routes each verifier of a mixed matrix to its engine and agrees across languages", async () => {
    const [python, javascript, bare] = await pool.evaluateMatrix(
      [HAS_PLEASE_PY, { language: "javascript", source: HAS_PLEASE_JS }, HAS_PLEASE_JS],
      responses,
    );
    const expected = responses.map((r) => (r.startsWith("Please") ? "pass" : "fail"));
    expect(python?.map((o) => o.verdict)).toEqual(expected);
    expect(javascript?.map((o) => o.verdict)).toEqual(expected);
    expect(bare?.map((o) => o.verdict)).toEqual(expected);
    expect(python?.every((o) => o.durationMs >= 0)).toBe(true);
  });

  it("reports a Python syntax error with its line and column", async () => {
    expect(await pool.compile(py("def evaluate(response):\n    return (response\n"))).toMatchObject(
      {
        ok: false,
        error: { line: 2, column: 12, message: expect.stringContaining("SyntaxError") },
      },
    );
    expect(await pool.compile(HAS_PLEASE_PY)).toEqual({ ok: true });
    expect(await pool.compile(py("x = 1\n"))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("evaluate(response)") },
    });
  });

  it("counts only True and False", async () => {
    const results = ["1", "0", "None", "'yes'", "[]", "response == 'a'"];
    const outcomes = await Promise.all(
      results.map((r) => pool.evaluate(py(`def evaluate(response):\n    return ${r}\n`), ["a"])),
    );
    expect(outcomes.map((o) => verdicts(o)[0])).toEqual([
      "error:result",
      "error:result",
      "error:result",
      "error:result",
      "error:result",
      "pass",
    ]);
  });

  it("stops a catastrophic regex at the deadline (CPython 3.14's sre checks for interrupts)", async () => {
    const wedge = py(
      "import re\n\ndef evaluate(response):\n    if response == 'wedge':\n        re.match(r'(a+)+$', 'a' * 40 + 'b')\n    return response == 'ok'\n",
    );
    const outcomes = await pool.evaluate(wedge, ["ok", "wedge", "ok", "nope"], { deadlineMs: 300 });
    expect(verdicts(outcomes)).toEqual(["pass", "error:timeout", "pass", "fail"]);
  });

  it("stops a wedge inside one C call (sum over a huge range) with the watchdog, then keeps serving", async () => {
    const wedge = py(
      "def evaluate(response):\n    if response == 'wedge':\n        return sum(range(10 ** 15)) > 0\n    return response == 'ok'\n",
    );
    const before = pool.replacements;
    const outcomes = await pool.evaluate(wedge, ["ok", "wedge", "ok", "nope"], { deadlineMs: 300 });
    expect(verdicts(outcomes)).toEqual(["pass", "error:timeout", "pass", "fail"]);
    expect(pool.replacements).toBe(before + 1);
    expect(verdicts(await pool.evaluate(HAS_PLEASE_PY, ["please", "no"]))).toEqual([
      "pass",
      "fail",
    ]);
  });

  it("interrupts a Python loop at the deadline without losing the worker", async () => {
    const loop = py("def evaluate(response):\n    while True:\n        pass\n");
    const before = pool.replacements;
    const outcomes = await pool.evaluate(loop, ["x"], { deadlineMs: 300 });
    expect(verdicts(outcomes)).toEqual(["error:timeout"]);
    expect(pool.replacements).toBe(before);
    expect(verdicts(await pool.evaluate(HAS_PLEASE_PY, ["please", "no"]))).toEqual([
      "pass",
      "fail",
    ]);
  });
});
