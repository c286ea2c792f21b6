import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifierEngine } from "../engine";
import { nodePyodideIndex } from "../testing/nodePyodideIndex";
import { PYTHON_ESCAPES } from "../testing/pythonEscapes";
import { createPythonEngine } from "./pythonEngine";

// In-thread: everything the interrupt (here raised by no one: there is no watchdog thread, so
// loops are bounded by the post-call deadline check only when they end) and the limits catch.
// Loops and C-level wedges need the host's watchdog: server/sandbox/pool.python.hostile.test.ts.
const KNOWN =
  "import re\n\ndef evaluate(response):\n    return re.search(r'\\bplease\\b', response, re.I) is not None\n";
let engine: VerifierEngine;
beforeAll(async () => {
  engine = await createPythonEngine({
    indexURL: nodePyodideIndex(),
    wasmMemoryMaxBytes: 256 * 1024 * 1024,
  });
}, 300_000);
afterAll(() => engine.dispose());

async function expectKnownStillWorks() {
  const after = await engine.evaluate(KNOWN, ["Please do", "no", "say please."]);
  expect(after.map((o) => o.verdict)).toEqual(["pass", "fail", "pass"]);
}

describe("no way out of the Python sandbox", { timeout: 600_000 }, () => {
  it.each(PYTHON_ESCAPES)("$label", async ({ source, kind }) => {
    const [outcome] = await engine.evaluate(source, ["x"], { deadlineMs: 5_000 });
    expect(outcome).toMatchObject({ verdict: "error", kind });
    await expectKnownStillWorks();
  });

  it("lets str.format read attributes only as text (no object comes back)", async () => {
    const source =
      "def evaluate(response):\n    text = '{0.__globals__}'.format(print)\n    return type(text) is str and text.startswith('{')\n";
    expect((await engine.evaluate(source, ["x"]))[0]?.verdict).toBe("pass");
  });

  it("still lets functools.wraps copy the usual attributes", async () => {
    const source =
      "import functools\n\ndef deco(f):\n    @functools.wraps(f)\n    def inner(*a):\n        return f(*a)\n    return inner\n\n@deco\ndef evaluate(response):\n    return evaluate.__name__ == 'evaluate'\n";
    expect((await engine.evaluate(source, ["x"]))[0]?.verdict).toBe("pass");
  });

  it("leaves no object of the JavaScript bridge in the interpreter and every shared class sealed", async () => {
    // The engine refuses to start otherwise (pyodideRuntime.ts: sealed()); this checks it did start
    // and that a sealed class refuses a write from a verifier.
    const [outcome] = await engine.evaluate(
      "import collections\n\ndef evaluate(response):\n    collections.Counter.most_common = None\n    return True\n",
      ["x"],
    );
    expect(outcome).toMatchObject({
      verdict: "error",
      kind: "thrown",
      message: expect.stringContaining("immutable type 'Counter'"),
    });
  });
});

// Expected kinds: "a|b" when either limit may trip first.
const limits: [string, string, string][] = [
  [
    "unbounded recursion",
    "def evaluate(response):\n    def f(n):\n        return f(n + 1) + 1\n    return f(0) > 0\n",
    "stack",
  ],
  [
    "setrecursionlimit(10**9) then recursion",
    "import sys\nsys.setrecursionlimit(10 ** 9)\n\ndef evaluate(response):\n    def f(n):\n        return f(n + 1) + 1\n    return f(0) > 0\n",
    "stack",
  ],
  [
    "deep C recursion (repr of a deeply nested list)",
    "def evaluate(response):\n    x = []\n    for _ in range(200_000):\n        x = [x]\n    return len(repr(x)) > 0\n",
    "stack",
  ],
  [
    "'x' * 2**31 (past a wasm32 index)",
    "def evaluate(response):\n    return len('x' * 2 ** 31) > 0\n",
    "thrown",
  ],
  [
    "'x' * (2**31 - 1) (past the memory cap)",
    "def evaluate(response):\n    return len('x' * (2 ** 31 - 1)) > 0\n",
    "memory",
  ],
  ["a list of 10**9", "def evaluate(response):\n    return len([0] * 10 ** 9) > 0\n", "memory"],
  [
    "a growing list of strings",
    "def evaluate(response):\n    a = []\n    while True:\n        a.append('y' * (1 << 20) + str(len(a)))\n",
    "memory",
  ],
  [
    "bytearray of 300 MB",
    "def evaluate(response):\n    return len(bytearray(300 * 1024 * 1024)) > 0\n",
    "memory",
  ],
  [
    "a throw at the top level",
    "raise ValueError('at load')\n\ndef evaluate(response):\n    return True\n",
    "thrown",
  ],
  ["a syntax error", "def evaluate(response)\n    return True\n", "compile"],
  [
    "deeply nested source",
    `x = ${"[".repeat(100_000)}${"]".repeat(100_000)}\n\ndef evaluate(response):\n    return True\n`,
    "compile",
  ],
  [
    "a million nested parentheses",
    `x = ${"(".repeat(1_000_000)}\n\ndef evaluate(response):\n    return True\n`,
    "compile",
  ],
];

describe(
  "hostile Python verifiers end as errors and the engine keeps serving",
  { timeout: 600_000 },
  () => {
    it.each(limits)("%s", async (_label, source, kind) => {
      const [outcome] = await engine.evaluate(source, ["x"], { deadlineMs: 20_000 });
      expect(outcome?.verdict).toBe("error");
      expect(kind.split("|")).toContain(outcome?.verdict === "error" ? outcome.kind : "none");
      await expectKnownStillWorks();
    });

    it("keeps the wasm memory within its cap and drops an interpreter that grew past half of it", async () => {
      const before = engine.rebuilds;
      const [outcome] = await engine.evaluate(
        "def evaluate(response):\n    a = []\n    while True:\n        a.append(bytearray(1 << 20))\n",
        ["x"],
        { deadlineMs: 20_000 },
      );
      expect(outcome).toMatchObject({ verdict: "error", kind: "memory" });
      expect(engine.rebuilds).toBe(before + 1);
      await expectKnownStillWorks();
    });

    it("takes a lone surrogate and a 1 MB response", async () => {
      const outcomes = await engine.evaluate(
        "def evaluate(response):\n    return len(response) >= 1\n",
        ["\uD800", "a\uDC00b", "z".repeat(1 << 20)],
      );
      expect(outcomes.map((o) => o.verdict)).toEqual(["pass", "pass", "pass"]);
    });
  },
);
