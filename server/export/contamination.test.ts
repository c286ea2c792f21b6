import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { listBenchmarks, registerBenchmark } from "./benchmarks";
import { startExport } from "./exportJob";
import { buildExportFixture } from "./testing/exportFixture";

let t: ReturnType<typeof createTestDb>;
let fx: ReturnType<typeof buildExportFixture>;
beforeEach(() => {
  t = createTestDb();
  fx = buildExportFixture(t.db);
});
afterEach(() => t.cleanup());

// Line 2 repeats the SFT prompt of sample (A, q1) whole (it has fewer than 13 words); line 3
// shares 13 consecutive words with nothing exported.
const BENCH = [
  JSON.stringify({
    id: 1,
    prompt:
      "Translate the following sentence into French and keep every proper noun unchanged please.",
  }),
  JSON.stringify({
    id: 2,
    prompt: "What is the capital of France? Answer in all lowercase letters.",
  }),
  JSON.stringify({
    id: 3,
    prompt:
      "Write a story about a dragon who is afraid of the dark and learns to love the night sky",
  }),
].join("\n");

async function exportWith(action: "flag" | "exclude", benchmarkIds: number[]) {
  const job = startExport(t.db, {
    projectId: fx.project.id,
    format: "trl-preference",
    filters: exportFiltersSchema.parse({}),
    contamination: { benchmarkIds, action },
  });
  let text = "";
  for await (const c of job.chunks()) text += c.toString("utf8");
  return { lines: text.split("\n").filter(Boolean), manifest: job.complete(null).manifest };
}

describe("contamination check", () => {
  it("registers a benchmark file once per content and rejects a bad one with its line", () => {
    const a = registerBenchmark(t.db, {
      projectId: fx.project.id,
      name: "ifeval.jsonl",
      content: BENCH,
    });
    const again = registerBenchmark(t.db, {
      projectId: fx.project.id,
      name: "copy.jsonl",
      content: BENCH,
    });
    expect(again.id).toBe(a.id);
    expect(a).toMatchObject({ textField: "prompt", promptCount: 3 });
    expect(() =>
      registerBenchmark(t.db, {
        projectId: fx.project.id,
        name: "bad.jsonl",
        content: '{"prompt": "x"}\n{oops',
      }),
    ).toThrow(/bad.jsonl: line 2/);
    expect(listBenchmarks(t.db, fx.project.id)).toHaveLength(1);
  });

  it("excludes rows whose prompt shares a 13-gram (or the whole short prompt) and records the file hash and matches", async () => {
    const b = registerBenchmark(t.db, {
      projectId: fx.project.id,
      name: "ifeval.jsonl",
      content: BENCH,
    });
    const out = await exportWith("exclude", [b.id]);
    expect(out.lines).toHaveLength(1);
    const c = out.manifest.contamination!;
    expect(c).toMatchObject({
      action: "exclude",
      ngram: 13,
      matches: 2,
      benchmarks: [{ id: b.id, name: "ifeval.jsonl", sha256: b.sha256, prompts: 3 }],
    });
    expect(c.examples).toEqual([
      { line: null, itemId: fx.p.p1, benchmark: "ifeval.jsonl", benchmarkLine: 2 },
      { line: null, itemId: fx.p.p2, benchmark: "ifeval.jsonl", benchmarkLine: 2 },
    ]);
    expect(out.manifest.counts.at(-1)).toMatchObject({ step: "contamination", rows: 1 });
  });

  it("flags instead: keeps the rows and names their output lines", async () => {
    const b = registerBenchmark(t.db, {
      projectId: fx.project.id,
      name: "ifeval.jsonl",
      content: BENCH,
    });
    const out = await exportWith("flag", [b.id]);
    expect(out.lines).toHaveLength(3);
    expect(out.manifest.contamination!.examples.map((e) => e.line)).toEqual([1, 2]);
  });

  it("refuses a benchmark id from another project", async () => {
    const other = buildExportFixture(t.db, "Other project");
    const b = registerBenchmark(t.db, {
      projectId: other.project.id,
      name: "x.jsonl",
      content: BENCH,
    });
    await expect(exportWith("exclude", [b.id])).rejects.toThrow(/do not exist/);
  });
});
