import { afterAll, describe, expect, it } from "vitest";
import { createVerifierPool } from "./pool";

const pool = createVerifierPool({ size: 2, batchSize: 100 });
afterAll(() => pool.close());

const HAS_PLEASE = "function evaluate(r) { return /\\bplease\\b/i.test(r); }";
const SHORT = "function evaluate(r) { return r.length < 10; }";
const responses = Array.from({ length: 450 }, (_, i) =>
  i % 3 === 0 ? `please ${i}` : `no thanks, number ${i}`,
);

describe("verifier pool", () => {
  it("evaluates a matrix of verifiers by responses in order, across batches", async () => {
    const [please, short] = await pool.evaluateMatrix([HAS_PLEASE, SHORT], responses);
    expect(please?.map((o) => o.verdict)).toEqual(
      responses.map((r) => (r.startsWith("please") ? "pass" : "fail")),
    );
    expect(short?.map((o) => o.verdict)).toEqual(
      responses.map((r) => (r.length < 10 ? "pass" : "fail")),
    );
  });

  it("reports compile errors with line and column from a worker", async () => {
    const result = await pool.compile("function evaluate(r) {\n  return );\n}");
    expect(result).toMatchObject({ ok: false, error: { line: 2, column: 10 } });
  });

  it("stops a call that wedges inside native code, replaces the worker and keeps going", async () => {
    const wedge =
      'function evaluate(r) { if (r === "wedge") for (;;) "x".repeat(1e6); return r === "ok"; }';
    const before = pool.replacements;
    const outcomes = await pool.evaluate(wedge, ["ok", "wedge", "ok", "nope"], { deadlineMs: 300 });
    expect(outcomes.map((o) => (o.verdict === "error" ? o.kind : o.verdict))).toEqual([
      "pass",
      "timeout",
      "pass",
      "fail",
    ]);
    expect(pool.replacements).toBe(before + 1);
    const after = await pool.evaluate(HAS_PLEASE, ["please", "no"]);
    expect(after.map((o) => o.verdict)).toEqual(["pass", "fail"]);
  });

  it("keeps the outcomes of calls that finished before a wedge but were not yet reported", async () => {
    const wedge =
      'function evaluate(r) { if (r === "wedge") for (;;) "x".repeat(1e6); return r.length > 1; }';
    const batch = [
      ...Array.from({ length: 90 }, (_, i) => (i % 2 ? "ok" : "k")),
      "wedge",
      "ok",
      "k",
    ];
    const outcomes = await pool.evaluate(wedge, batch, { deadlineMs: 300 });
    const expected = batch.map((r) => (r === "wedge" ? "timeout" : r.length > 1 ? "pass" : "fail"));
    expect(outcomes.map((o) => (o.verdict === "error" ? o.kind : o.verdict))).toEqual(expected);
  });

  it("keeps both workers busy with back-pressure on a queue smaller than the work", async () => {
    const small = createVerifierPool({ size: 2, batchSize: 10, maxQueuedBatches: 1 });
    try {
      const outcomes = await small.evaluate(SHORT, responses);
      expect(outcomes).toHaveLength(responses.length);
      expect(outcomes.filter((o) => o.verdict === "pass")).toHaveLength(
        responses.filter((r) => r.length < 10).length,
      );
    } finally {
      small.close();
    }
  });
});
