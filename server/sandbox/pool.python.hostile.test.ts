import { afterAll, describe, expect, it } from "vitest";
import { WATCHDOG_GRACE_MS } from "@/lib/verifier/limits";
import type { VerifierCode } from "@/lib/verifier/language";
import { PYTHON_ESCAPES } from "@/lib/verifier/testing/pythonEscapes";
import { PYTHON_HOSTILE } from "@/lib/verifier/testing/pythonHostile";
import { createVerifierPool } from "./pool";

// Issue 16, item 6, on the server: one Python worker thread with the watchdog and the interrupt.
// A case that ends with the worker terminated costs a Pyodide load in the replacement (seconds),
// so the timeout is generous; the deadline bound is checked on each outcome's own duration.
const DEADLINE_MS = 1_000;
const pool = createVerifierPool({
  size: 1,
  pythonSize: 1,
  pythonWasmMemoryMaxBytes: 256 * 1024 * 1024,
});
afterAll(() => pool.close());

const py = (source: string): VerifierCode => ({ language: "python", source });
const KNOWN = py(
  "import re\n\ndef evaluate(response):\n    return re.search(r'\\bplease\\b', response, re.I) is not None\n",
);
async function expectKnownStillWorks() {
  expect(
    (await pool.evaluate(KNOWN, ["Please do", "no", "say please."])).map((o) => o.verdict),
  ).toEqual(["pass", "fail", "pass"]);
}

describe("hostile Python verifiers on the pool", { timeout: 600_000 }, () => {
  it.each(PYTHON_HOSTILE)(
    "$label ends as $kind within deadline + grace",
    async ({ source, kind }) => {
      const [outcome] = await pool.evaluate(py(source), ["x"], { deadlineMs: DEADLINE_MS });
      expect(outcome?.verdict).toBe("error");
      expect(kind.split("|")).toContain(outcome?.verdict === "error" ? outcome.kind : "none");
      expect(outcome?.durationMs).toBeLessThanOrEqual(DEADLINE_MS + WATCHDOG_GRACE_MS);
      await expectKnownStillWorks();
    },
  );

  it.each(PYTHON_ESCAPES)("escape: $label is refused", async ({ source, kind }) => {
    const [outcome] = await pool.evaluate(py(source), ["x"], { deadlineMs: DEADLINE_MS });
    expect(outcome).toMatchObject({ verdict: "error", kind });
    await expectKnownStillWorks();
  });

  it("kills a wedged call mid-batch: the calls before and after it keep their verdicts", async () => {
    const wedge = py(
      "def evaluate(response):\n    if response == 'wedge':\n        return sum(range(10 ** 15)) > 0\n    return 'please' in response\n",
    );
    const before = pool.replacements;
    const responses = ["please", "no", "wedge", "please", "no", "wedge", "please"];
    const outcomes = await pool.evaluate(wedge, responses, { deadlineMs: 300 });
    expect(outcomes.map((o) => (o.verdict === "error" ? o.kind : o.verdict))).toEqual([
      "pass",
      "fail",
      "timeout",
      "pass",
      "fail",
      "timeout",
      "pass",
    ]);
    expect(pool.replacements).toBe(before + 2);
  });

  it("takes a 1 MB response and counts code points (len('😀') is 1)", async () => {
    const outcomes = await pool.evaluate(
      py("def evaluate(response):\n    return len(response) in (1, 1 << 20)\n"),
      ["😀", "z".repeat(1 << 20), "ab"],
    );
    expect(outcomes.map((o) => o.verdict)).toEqual(["pass", "pass", "fail"]);
  });
});
