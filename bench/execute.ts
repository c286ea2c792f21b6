// npm run bench:execute: the execute stage's sandbox work at full size, 1,000 instructions x 3
// verifiers x 128 responses, made the way server/pipeline/stages/execute.ts makes it: one
// evaluateMatrix per instruction, pool size x 2 instructions at once, the preset's sandbox limits,
// a pool of one worker per core. Database reads and writes are left out: this measures the pool.
// Not a test. BENCH_INSTRUCTIONS overrides the 1,000 (the output says so when it does).
//
// The ceiling is the same pool, in the same run, fed the bench:sandbox way: all 20 verifiers over
// 2,000 responses at once in full 500-response batches, so both workers always have a large batch
// waiting. Not the raw engine: that runs on one thread without limits, so a ratio to it would mix
// the pool's scaling over cores and the sandbox's own cost (bench:sandbox reports both) into what
// this bench asks, the cost of the stage's shape (many small 3 x 128 matrices) over the pool's best.
import { availableParallelism, cpus, loadavg } from "node:os";
import { configForPreset } from "@/lib/autoif/presets";
import type { Outcome } from "@/lib/verifier/outcome";
import { forEachConcurrent } from "@/server/pipeline/concurrency";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { createVerifierPool } from "@/server/sandbox/pool";
import { generateResponses } from "./sandboxResponses";
import { BENCH_VERIFIERS } from "./sandboxVerifiers";

const FULL_INSTRUCTIONS = 1_000;
const VERIFIERS_PER_INSTRUCTION = 3;
const RESPONSES_PER_INSTRUCTION = 128;
const CEILING_RESPONSES = 2_000;

const instructionCount = Number(process.env.BENCH_INSTRUCTIONS ?? FULL_INSTRUCTIONS);
const totalEvals = instructionCount * VERIFIERS_PER_INSTRUCTION * RESPONSES_PER_INSTRUCTION;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const log = (line: string) => process.stderr.write(`${line}\n`);

// Paper and code share the sandbox limits; the stage passes them on every call.
const limits = sandboxLimits(configForPreset("code"));
const sources = BENCH_VERIFIERS.map((v) => v.js);
// Instruction i gets verifiers 3i, 3i+1, 3i+2 (mod 20): each of the 20 runs equally often, the
// same mix as the ceiling's.
const verifiersOf = (i: number) =>
  Array.from(
    { length: VERIFIERS_PER_INSTRUCTION },
    (_, k) => sources[(i * VERIFIERS_PER_INSTRUCTION + k) % sources.length]!,
  );

log(
  `bench:execute: ${fmt(instructionCount)} instructions x ${VERIFIERS_PER_INSTRUCTION} verifiers x ${RESPONSES_PER_INSTRUCTION} responses`,
);
const generationStart = performance.now();
// Every instruction gets its own 128 responses (200-3,000 characters), generated before timing,
// as the stage reads them from the database.
const responsesOf = Array.from({ length: instructionCount }, (_, i) =>
  generateResponses(RESPONSES_PER_INSTRUCTION, 1_000 + i),
);
const ceilingResponses = generateResponses(CEILING_RESPONSES);
log(`  responses generated in ${((performance.now() - generationStart) / 1000).toFixed(1)} s`);

const pool = createVerifierPool();
const concurrency = pool.size * 2; // the execute stage's forEachConcurrent width
const loadAtStart = loadavg()[0] ?? 0;
await Promise.all(
  Array.from({ length: pool.size }, () =>
    pool.evaluate(sources[0]!, ceilingResponses.slice(0, 200), limits),
  ),
);

interface Row {
  mode: string;
  evals: number;
  seconds: number;
  note: string;
}
const rows: Row[] = [];
const verdicts = new Map<string, number>();
const tally = (matrix: Outcome[][]) => {
  for (const o of matrix.flat()) {
    const key = o.verdict === "error" ? `error (${o.kind})` : o.verdict;
    verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
  }
};

async function ceiling(label: string): Promise<void> {
  const start = performance.now();
  await pool.evaluateMatrix(sources, ceilingResponses, limits);
  rows.push({
    mode: `single-batch ceiling ${label}`,
    evals: sources.length * CEILING_RESPONSES,
    seconds: (performance.now() - start) / 1000,
    note: "20 verifiers x 2,000 responses, batches of 500",
  });
  log(`  ceiling ${label} done`);
}

await ceiling("(before)");

const indices = Array.from({ length: instructionCount }, (_, i) => i);
const progressEvery = Math.max(1, Math.floor(instructionCount / 10));
let done = 0;
const start = performance.now();
await forEachConcurrent(indices, concurrency, new AbortController().signal, async (i) => {
  const matrix = await pool.evaluateMatrix(verifiersOf(i), responsesOf[i]!, limits);
  tally(matrix);
  done += 1;
  if (done % progressEvery === 0 || done === instructionCount) {
    const seconds = (performance.now() - start) / 1000;
    const evals = done * VERIFIERS_PER_INSTRUCTION * RESPONSES_PER_INSTRUCTION;
    log(
      `  ${fmt(done)}/${fmt(instructionCount)} instructions, ${fmt(evals)} evaluations, ${fmt(evals / seconds)}/s`,
    );
  }
});
rows.push({
  mode: "execute stage shape",
  evals: totalEvals,
  seconds: (performance.now() - start) / 1000,
  note: `evaluateMatrix(3 verifiers, 128 responses) per instruction, ${concurrency} instructions at once`,
});

// A shared machine's load drifts; the ceiling is taken on both sides and the faster one counts.
await ceiling("(after)");
const replacements = pool.replacements;
pool.close();

const rate = (row: Row) => row.evals / row.seconds;
const stage = rows.find((r) => r.mode === "execute stage shape")!;
const best = Math.max(...rows.filter((r) => r.mode.startsWith("single-batch")).map(rate));

console.log(
  `\nbench:execute  ${fmt(instructionCount)} instructions x ${VERIFIERS_PER_INSTRUCTION} verifiers x ${RESPONSES_PER_INSTRUCTION} responses = ${fmt(totalEvals)} evaluations`,
);
if (instructionCount !== FULL_INSTRUCTIONS)
  console.log(
    `NOTE: reduced run, BENCH_INSTRUCTIONS=${instructionCount} instead of ${fmt(FULL_INSTRUCTIONS)}`,
  );
console.log(
  `machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, node ${process.version}; load average ${loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end`,
);
console.log(
  `pool: ${pool.size} workers, batches of up to 500 responses, deadline ${limits.deadlineMs} ms per call; ${replacements} workers replaced\n`,
);
console.log(
  `${"mode".padEnd(32)} ${"evals".padStart(9)} ${"seconds".padStart(8)} ${"evals/s".padStart(9)}  note`,
);
for (const row of rows) {
  console.log(
    `${row.mode.padEnd(32)} ${fmt(row.evals).padStart(9)} ${row.seconds.toFixed(2).padStart(8)} ${fmt(rate(row)).padStart(9)}  ${row.note}`,
  );
}
console.log(`\nexecute stage shape: ${fmt(rate(stage))} evaluations/s`);
console.log(
  `ratio to the single-batch ceiling (${fmt(best)}/s, the faster ceiling run): ${(rate(stage) / best).toFixed(2)}`,
);
console.log(
  `verdicts: ${[...verdicts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${fmt(n)}`)
    .join(", ")}`,
);
