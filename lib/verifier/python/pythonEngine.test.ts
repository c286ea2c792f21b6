import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifierEngine } from "../engine";
import { nodePyodideIndex } from "../testing/nodePyodideIndex";
import { createPythonEngine } from "./pythonEngine";

// One interpreter for the file (loading Pyodide takes seconds); every case is followed by a known
// verifier, so a case that broke the interpreter shows up at once.
let engine: VerifierEngine;
beforeAll(async () => {
  engine = await createPythonEngine({ indexURL: nodePyodideIndex() });
}, 300_000);
afterAll(() => engine.dispose());

const KNOWN =
  "import re\n\ndef evaluate(response):\n    return re.search(r'\\bplease\\b', response, re.I) is not None\n";
const kinds = async (source: string, responses = ["x"]) =>
  (await engine.evaluate(source, responses, { deadlineMs: 2_000 })).map((o) =>
    o.verdict === "error" ? `error:${o.kind}` : o.verdict,
  );
const messageOf = async (source: string) => {
  const [outcome] = await engine.evaluate(source, ["x"], { deadlineMs: 2_000 });
  return outcome?.verdict === "error" ? outcome.message : outcome?.verdict;
};
async function expectKnownStillWorks() {
  expect(await kinds(KNOWN, ["Please do", "no", "say please."])).toEqual(["pass", "fail", "pass"]);
}

describe("the Python engine's contract", { timeout: 300_000 }, () => {
  it("compiles once and locates syntax errors by line and column", async () => {
    expect(await engine.compile(KNOWN)).toEqual({ ok: true });
    expect(await engine.compile("def evaluate(response):\n    return (response\n")).toMatchObject({
      ok: false,
      error: {
        line: 2,
        column: 12,
        message: expect.stringMatching(/^SyntaxError: '\(' was never closed/),
      },
    });
    expect(
      await engine.compile("def evaluate(response):\n  if True:\n      return 1\n    return 2\n"),
    ).toMatchObject({
      ok: false,
      error: { line: 4, message: expect.stringContaining("IndentationError") },
    });
    expect(await engine.compile("def check(response):\n    return True\n")).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("does not define evaluate(response)") },
    });
    expect(await engine.compile("raise ValueError('at load')\n")).toMatchObject({
      ok: false,
      error: { message: "ValueError: at load" },
    });
  });

  it("counts only True and False: 1, 0, None, a truthy string, an object with __bool__ are result errors", async () => {
    for (const value of ["1", "0", "None", "'yes'", "[1]", "Truthy()", "Loops()"]) {
      const source = `class Truthy:\n    def __bool__(self):\n        return True\n\nclass Loops:\n    def __bool__(self):\n        while True:\n            pass\n\ndef evaluate(response):\n    return ${value}\n`;
      expect(await kinds(source), value).toEqual(["error:result"]);
    }
    expect(await messageOf("def evaluate(response):\n    return 'yes'\n")).toBe(
      "evaluate returned a str ('yes'), not True or False",
    );
    expect(
      await kinds("def evaluate(response):\n    return response == 'x'\n", ["x", "y"]),
    ).toEqual(["pass", "fail"]);
  });

  it("names what was thrown, including SystemExit, KeyboardInterrupt and BaseException", async () => {
    expect(await messageOf("def evaluate(response):\n    raise ValueError('boom')\n")).toBe(
      "ValueError: boom",
    );
    for (const raised of [
      "SystemExit(3)",
      "KeyboardInterrupt()",
      "BaseException('base')",
      "GeneratorExit()",
    ]) {
      const outcomes = await engine.evaluate(
        `def evaluate(response):\n    raise ${raised}\n`,
        ["x"],
        { deadlineMs: 2_000 },
      );
      expect(outcomes[0], raised).toMatchObject({ verdict: "error", kind: "thrown" });
      await expectKnownStillWorks();
    }
  });

  it("has no clock, and a random generator seeded afresh for every call", async () => {
    expect(
      await messageOf("import time\n\ndef evaluate(response):\n    return time.time() > 0\n"),
    ).toMatch(/time\.time\(\) is disabled/);
    expect(
      await messageOf(
        "import datetime\n\ndef evaluate(response):\n    return datetime.datetime.now() is None\n",
      ),
    ).toMatch(/datetime\.now\(\) is disabled/);
    expect(
      await messageOf(
        "from datetime import date\n\ndef evaluate(response):\n    return date.today() is None\n",
      ),
    ).toMatch(/date\.today\(\) is disabled/);
    const draw =
      "import random\n\ndef evaluate(response):\n    return random.random() < float(response)\n";
    const thresholds = Array.from({ length: 40 }, (_, i) => String(i / 40));
    const first = await kinds(draw, thresholds);
    expect(new Set(first).size).toBe(2); // a real draw, somewhere between 0 and 1
    expect(await kinds(draw, thresholds)).toEqual(first);
    const seeded = await engine.evaluate(draw, thresholds, { seed: 12345 });
    expect(seeded.map((o) => o.verdict)).not.toEqual(first);
  });

  it("counts code points: len('😀') is 1, unlike JavaScript", async () => {
    expect(
      await kinds("def evaluate(response):\n    return len(response) == 1\n", [
        "😀",
        "é",
        "e\u0301",
      ]),
    ).toEqual(["pass", "pass", "fail"]);
    expect(
      await kinds("def evaluate(response):\n    return len(response) == 1_000_000\n", [
        "y".repeat(1_000_000),
      ]),
    ).toEqual(["pass"]);
  });
});
