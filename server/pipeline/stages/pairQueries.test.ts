import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, queries, samples } from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { createCaller } from "../../api/root";
import { createRun } from "../runs";
import { referenceSample } from "../testing/referenceSample";
import type { StageContext, StageProgress } from "../types";
import { pairQueriesStage } from "./pairQueries";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

/** Runs the stage over a pool of `texts` for one kept instruction; the texts it paired. */
async function eligible(texts: string[]): Promise<string[]> {
  const projectId = (
    await createCaller({ db: t.db }).project.create({ name: "Pool", preset: "code" })
  ).id;
  const instructionId = t.db
    .insert(instructions)
    .values({
      projectId,
      text: "Be brief.",
      normalizedHash: "b",
      pipelineStage: "back-translate",
      pipelineStatus: "kept",
    })
    .returning()
    .get().id;
  texts.forEach((text, i) =>
    t.db
      .insert(queries)
      .values({ projectId, text, normalizedHash: `q${i}`, length: text.length })
      .run(),
  );
  const config = {
    ...configForPreset("code"),
    pairQueries: { queriesPerInstruction: 1000, minQueryLength: 20, maxQueryLength: 300 },
  };
  const runId = createRun(t.db, { projectId }).id;
  const progress: StageProgress = {
    setTotal: () => {},
    unitDone: () => {},
    unitFailed: () => {},
    status: () => {},
  };
  // pair-queries makes no LLM or sandbox call, so those two are left out.
  await pairQueriesStage({
    db: t.db,
    runId,
    projectId,
    config,
    progress,
    signal: new AbortController().signal,
  } as unknown as StageContext);
  return t.db
    .select({ text: queries.text })
    .from(samples)
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .where(eq(samples.instructionId, instructionId))
    .all()
    .map((r) => r.text)
    .sort();
}

describe("pair-queries length bounds (code/6_concat_sharegpt_query.py l.39: len > 20 and len < 300)", () => {
  it("counts characters as Python's len does, strictly inside the bounds", async () => {
    const x = (n: number) => "x".repeat(n);
    const emoji = (n: number) => "\u{1F600}".repeat(n); // one character, two UTF-16 units
    const texts = [
      x(20),
      x(21),
      x(299),
      x(300),
      emoji(15),
      emoji(21),
      emoji(299),
      emoji(300),
      `${x(19)}\u00e9`,
      `${x(20)}\u00e9`,
    ];
    expect(await eligible(texts)).toEqual(
      [x(21), x(299), emoji(21), emoji(299), `${x(20)}\u00e9`].sort(),
    );
  });
});

const { dir, describeWithSample } = referenceSample();
describeWithSample("pair-queries on the reference queries", () => {
  it("takes every query the reference scripts paired (query_rft.jsonl prompts, all within the bounds there)", async () => {
    const prompts = readFileSync(path.join(dir, "query_rft.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { prompt: string }).prompt);
    // code/7 l.72 reads the query back with `re.findall(r'\[Query\](.*)$', prompt, re.DOTALL)[0].strip()`.
    const texts = [...new Set(prompts.map((p) => /\[Query\]([\s\S]*)$/.exec(p)![1]!.trim()))];
    expect(texts.length).toBeGreaterThan(10);
    expect(await eligible(texts)).toEqual([...texts].sort());
  });
});
