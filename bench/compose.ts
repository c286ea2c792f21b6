// npm run bench:compose: the compose stage at the size, 10,000 compound instructions from
// 1,000 kept atomic ones, every conflict check answered from stored pair verdicts (no LLM call:
// the LLM caller throws), beside the execute stage on the same compounds' responses, in one run.
// Both are the real stages (server/pipeline/stages) on a temporary SQLite file with the real
// progress recorder and verifier pool. Not a test. BENCH_ATOMICS, BENCH_COMPOUNDS and
// BENCH_RESPONSES override 1,000, 10,000 and 4 (the output says so).
import { cpus, loadavg } from "node:os";
import { and, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import {
  instructions,
  projects,
  queries,
  responses,
  samples,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { fraction } from "@/server/llm/scripted/fakeLlmHash";
import { stageProgressRecorder } from "@/server/pipeline/progress";
import { createRun } from "@/server/pipeline/runs";
import { composeStage } from "@/server/pipeline/stages/compose";
import { executeStage } from "@/server/pipeline/stages/execute";
import type { LlmCaller, StageContext, StageName } from "@/server/pipeline/types";
import { createVerifierPool } from "@/server/sandbox/pool";
import { generateResponses } from "./sandboxResponses";

const ATOMICS = Number(process.env.BENCH_ATOMICS ?? 1_000);
const COMPOUNDS = Number(process.env.BENCH_COMPOUNDS ?? 10_000);
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 4);
const CONFLICT_SHARE = 0.05;
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

// Pronounceable words no two instructions share, so the texts are not near-duplicates.
const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ne",
  "su",
  "ta",
  "vo",
  "ri",
  "pe",
  "zu",
  "ba",
  "do",
  "fi",
  "gu",
  "ho",
  "ja",
];
const word = (n: number) =>
  Array.from(
    { length: 3 },
    (_, k) => SYLLABLES[Math.floor(n / SYLLABLES.length ** k) % SYLLABLES.length],
  ).join("");

const t = createTestDb();
const db = t.db;
const config = configForPreset("paper");
config.compose = {
  enabled: true,
  count: COMPOUNDS,
  sizeWeights: "3,2,1",
  maxUsesPerInstruction: 100,
  groupSimilarity: 0.6,
  witnessAttempts: 3,
  passRate: "strict",
  seed: 42,
};
config.respond = { responsesPerSample: RESPONSES };
const projectId = db
  .insert(projects)
  .values({ name: "bench compose", config })
  .returning()
  .get().id;
const queryId = db
  .insert(queries)
  .values({
    projectId,
    text: "Tell me something useful about the weather in spring.",
    normalizedHash: "q",
    length: 54,
  })
  .returning()
  .get().id;

log(
  `bench:compose: ${fmt(COMPOUNDS)} compounds from ${fmt(ATOMICS)} atomic instructions; execute on ${RESPONSES} responses each${process.env.BENCH_ATOMICS || process.env.BENCH_COMPOUNDS || process.env.BENCH_RESPONSES ? " (sizes overridden by the environment)" : ""}`,
);
const setupStart = performance.now();
const ids: number[] = [];
db.transaction((tx) => {
  for (let i = 0; i < ATOMICS; i++) {
    const [w1, w2, w3] = [word(3 * i), word(3 * i + 1), word(3 * i + 2)];
    const id = tx
      .insert(instructions)
      .values({
        projectId,
        text: `Mention ${w1}, ${w2} and ${w3} in your answer.`,
        normalizedHash: `atomic:${i}`,
        pipelineStage: "back-translate",
        pipelineStatus: "kept",
      })
      .returning()
      .get().id;
    // Each verifier is its own kind of check (its variable's name differs), as distinct instructions' are.
    const source = `function evaluate(response) {\n  const text${i} = response.toLowerCase();\n  return text${i}.includes("${w1}") || text${i}.length > ${400 + (i % 9) * 300};\n}`;
    const fn = tx
      .insert(verifiers)
      .values({
        instructionId: id,
        source,
        origin: "llm",
        compileStatus: "ok",
        accuracy: 1,
        pipelineStatus: "kept",
      })
      .returning()
      .get().id;
    const yes = tx
      .insert(testCases)
      .values({
        instructionId: id,
        input: `A reply about ${w1}.`,
        expected: true,
        origin: "llm",
        pipelineStatus: "kept",
      })
      .returning()
      .get().id;
    const no = tx
      .insert(testCases)
      .values({
        instructionId: id,
        input: "A short reply.",
        expected: false,
        origin: "llm",
        pipelineStatus: "kept",
      })
      .returning()
      .get().id;
    tx.insert(verifierResults)
      .values([
        { verifierId: fn, targetKind: "case", targetId: yes, outcome: "pass", durationMs: 0.1 },
        { verifierId: fn, targetKind: "case", targetId: no, outcome: "fail", durationMs: 0.1 },
      ])
      .run();
    ids.push(id);
  }
});
// Every pair's verdict is stored, as a project that composed before holds them: 5% conflicts (the judge's), the rest compatible with a known witness.
const insertPair = db.$client.prepare(
  "insert into constraint_pairs (project_id, a_id, b_id, verdict, evidence, witness, witness_source, reason, attempts, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
db.$client.transaction(() => {
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const conflict = fraction(`${i}:${j}`, "bench-conflict") < CONFLICT_SHARE;
      if (conflict)
        insertPair.run(
          projectId,
          ids[i],
          ids[j],
          "conflict",
          "judge",
          null,
          null,
          "the judge says conflict (unverified)",
          3,
          Date.now(),
        );
      else
        insertPair.run(
          projectId,
          ids[i],
          ids[j],
          "compatible",
          "known",
          "A reply.",
          `test case of instruction #${ids[i]}`,
          null,
          0,
          Date.now(),
        );
    }
  }
})();
const pairCount = (ids.length * (ids.length - 1)) / 2;
log(
  `  set up ${fmt(ATOMICS)} atomic instructions and ${fmt(pairCount)} stored pair verdicts in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
);

const pool = createVerifierPool();
let llmCalls = 0;
const noLlm: LlmCaller = {
  call: () => {
    llmCalls++;
    throw new Error("bench:compose makes no LLM call: every pair has a stored verdict");
  },
};
const run = createRun(db, { projectId, from: "compose", to: "execute" });
async function timeStage(stage: StageName, fn: (ctx: StageContext) => Promise<void>) {
  const progress = stageProgressRecorder(db, run.id, stage);
  progress.start();
  const start = performance.now();
  await fn({
    db,
    runId: run.id,
    projectId,
    config,
    llm: noLlm,
    pool,
    progress,
    signal: new AbortController().signal,
  });
  const seconds = (performance.now() - start) / 1000;
  progress.finish("done");
  return seconds;
}

const loadAtStart = loadavg()[0] ?? 0;
const composeSeconds = await timeStage("compose", composeStage);
const compounds = db
  .select({ id: instructions.id, status: instructions.pipelineStatus })
  .from(instructions)
  .where(and(eq(instructions.projectId, projectId), eq(instructions.kind, "compound")))
  .all();
const kept = compounds.filter((c) => c.status === "kept");
log(
  `  compose: ${fmt(kept.length)} kept, ${fmt(compounds.length - kept.length)} dropped for a conflicting pair, ${llmCalls} LLM calls, ${composeSeconds.toFixed(2)} s`,
);

// The same compounds' prompts answered: one sample each, RESPONSES responses of realistic lengths.
const texts = generateResponses(4_000, 7);
db.transaction((tx) => {
  kept.forEach((c, ci) => {
    const sampleId = tx
      .insert(samples)
      .values({ instructionId: c.id, queryId, runId: run.id })
      .returning()
      .get().id;
    for (let k = 0; k < RESPONSES; k++)
      tx.insert(responses)
        .values({ sampleId, sampleIndex: k, text: texts[(ci * RESPONSES + k) % texts.length]! })
        .run();
  });
  tx.update(instructions)
    .set({ pipelineStage: "respond" })
    .where(
      and(
        eq(instructions.projectId, projectId),
        eq(instructions.kind, "compound"),
        eq(instructions.pipelineStatus, "kept"),
      ),
    )
    .run();
});
const constraintsTotal = db.$client
  .prepare(
    "select count(*) as n from compound_constituents c join instructions i on i.id = c.compound_id where i.pipeline_status = 'kept'",
  )
  .get() as { n: number };
const evaluations = constraintsTotal.n * RESPONSES;
const executeSeconds = await timeStage("execute", executeStage);
const executed = db.$client
  .prepare("select count(*) as n from responses where constraint_outcomes is not null")
  .get() as { n: number };
pool.close();

const ratio = composeSeconds / executeSeconds;
const rows = [
  ["stage", "work", "seconds", "per compound", "LLM calls"],
  [
    "compose (stored verdicts)",
    `${fmt(kept.length)} kept of ${fmt(compounds.length)} drawn, ${fmt(ATOMICS)} atomic`,
    composeSeconds.toFixed(2),
    `${((composeSeconds / Math.max(1, compounds.length)) * 1e6).toFixed(0)} µs`,
    String(llmCalls),
  ],
  [
    "execute (same prompts)",
    `${fmt(executed.n)} responses, ${fmt(evaluations)} evaluations`,
    executeSeconds.toFixed(2),
    `${((executeSeconds / Math.max(1, kept.length)) * 1e6).toFixed(0)} µs`,
    "0",
  ],
];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
console.log(
  `compose / execute: ${(ratio * 100).toFixed(1)}% (target: under 10%) · ${cpus().length} cores, load ${loadAtStart.toFixed(1)} at start`,
);
t.cleanup();
