// npm run bench:rewards: the reward server (server/rewards) against the verifier pool's own time
// for the same evaluations, in one run. Not a test.
//
// A project of 64 instructions with 3 JavaScript verifiers each (from bench:sandbox's twenty); a
// batch is 1,024 responses, 16 per instruction (a GRPO group), 200-3,000 characters, wrapped as
// OpenRLHF sends them (a ChatML prompt, then the response and <|im_end|>).
// - pool: the same calls the server makes (per instruction, each verifier on its 16 responses,
//   all at once), straight on the pool;
// - server: the whole request through HTTP on loopback: JSON both ways, the access checks, the
//   label lookups in SQLite, scoring, the request log.
// The two alternate (pool, server, pool, server, ...) so load on the machine hits both alike;
// the ratio is of the medians. Then batches of 256 one after another for p50/p99 latency.
// BENCH_ROUNDS (default 11) and BENCH_LATENCY_BATCHES (default 100) override the counts.
import { availableParallelism, cpus, loadavg } from "node:os";
import { createTestDb } from "@/db/testing/testDb";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { instructionKey } from "@/lib/rl/instructionKey";
import { startRewardServer } from "@/server/rewards/serve";
import { seedRlProject } from "@/server/rl/testing/rlFixture";
import { createVerifierPool } from "@/server/sandbox/pool";
import { getProject } from "@/server/services/projects";
import { generateResponses } from "./sandboxResponses";
import { BENCH_VERIFIERS } from "./sandboxVerifiers";

const INSTRUCTIONS = 64;
const PER_INSTRUCTION = 16;
const VERIFIERS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const LATENCY_BATCHES = Number(process.env.BENCH_LATENCY_BATCHES ?? 100);
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

const t = createTestDb();
const sources = BENCH_VERIFIERS.map((v) => v.js);
const fx = seedRlProject(t.db, {
  name: "bench rewards",
  queryCount: 0,
  instructions: Array.from({ length: INSTRUCTIONS }, (_, i) => ({
    text: `bench instruction ${i}`,
    verifiers: Array.from({ length: VERIFIERS }, (_, k) => ({
      source: sources[(i * VERIFIERS + k) % sources.length]!,
    })),
  })),
});
const keys = fx.instructions.map((i) => instructionKey(i.number, i.hash));
const limits = sandboxLimits(getProject(t.db, fx.projectId).config);
const prompt = (i: number) =>
  `<|im_start|>user\nWrite about gardens, part ${i}. Follow the instruction.<|im_end|>\n<|im_start|>assistant\n`;

/** A batch of n responses, n / 64 per instruction in order, as OpenRLHF would send it. */
function batch(n: number, seed: number) {
  const texts = generateResponses(n, seed);
  const labelOf = (k: number) => Math.floor((k * INSTRUCTIONS) / n);
  return {
    texts,
    labelOf,
    body: JSON.stringify({
      query: texts.map((r, k) => `${prompt(k)}${r}<|im_end|>`),
      prompts: texts.map((_, k) => prompt(k)),
      labels: texts.map((_, k) => keys[labelOf(k)]!),
    }),
  };
}

const pool = createVerifierPool();
const server = await startRewardServer({
  db: t.db,
  pool,
  projectId: fx.projectId,
  projectName: "bench rewards",
  host: "127.0.0.1",
  port: 0,
  token: undefined,
  maxBodyBytes: 64 * 1024 * 1024,
});
const loadAtStart = loadavg()[0] ?? 0;

async function viaPool(b: ReturnType<typeof batch>) {
  const groups = new Map<number, string[]>();
  b.texts.forEach((r, k) => {
    const g = b.labelOf(k);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(r);
  });
  const started = performance.now();
  await Promise.all(
    [...groups].map(([g, texts]) =>
      Promise.all(
        Array.from({ length: VERIFIERS }, (_, k) =>
          pool.evaluate(sources[(g * VERIFIERS + k) % sources.length]!, texts, limits),
        ),
      ),
    ),
  );
  return performance.now() - started;
}

async function viaServer(body: string) {
  const started = performance.now();
  const response = await fetch(`${server.url}/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const json = (await response.json()) as { rewards: number[]; problems: Array<string | null> };
  const ms = performance.now() - started;
  if (response.status !== 200 || json.problems.some((p) => p !== null))
    throw new Error(
      `the server answered ${response.status}: ${JSON.stringify(json).slice(0, 300)}`,
    );
  return { ms, rewards: json.rewards };
}

log(
  `bench:rewards: ${INSTRUCTIONS} instructions x ${VERIFIERS} verifiers; batches of 1,024 (${PER_INSTRUCTION} per instruction), ${ROUNDS} rounds; ${LATENCY_BATCHES} batches of 256`,
);
const big = Array.from({ length: ROUNDS + 1 }, (_, r) =>
  batch(INSTRUCTIONS * PER_INSTRUCTION, 100 + r),
);
// Warm-up: every worker compiles its first verifiers, V8 optimizes the JSON paths.
await viaPool(big[0]!);
await viaServer(big[0]!.body);
const poolMs: number[] = [];
const serverMs: number[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  poolMs.push(await viaPool(big[r]!));
  serverMs.push((await viaServer(big[r]!.body)).ms);
  log(`  round ${r}: pool ${fmt(poolMs.at(-1)!)} ms, server ${fmt(serverMs.at(-1)!)} ms`);
}

const latency: number[] = [];
const small = Array.from({ length: Math.min(LATENCY_BATCHES, 10) }, (_, i) => batch(256, 500 + i));
for (let i = 0; i < LATENCY_BATCHES; i++)
  latency.push((await viaServer(small[i % small.length]!.body)).ms);

const evals = INSTRUCTIONS * PER_INSTRUCTION * VERIFIERS;
const poolMedian = median(poolMs);
const serverMedian = median(serverMs);
const rows: Array<[string, string, string, string]> = [
  [
    "pool alone (the server's calls)",
    `${fmt(poolMedian)} ms`,
    fmt((evals / poolMedian) * 1000),
    fmt(((INSTRUCTIONS * PER_INSTRUCTION) / poolMedian) * 1000),
  ],
  [
    "reward server (HTTP + JSON + log)",
    `${fmt(serverMedian)} ms`,
    fmt((evals / serverMedian) * 1000),
    fmt(((INSTRUCTIONS * PER_INSTRUCTION) / serverMedian) * 1000),
  ],
];
const widths = [36, 12, 14, 12];
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
console.log(`\nbatch of 1,024 responses x ${VERIFIERS} verifiers (median of ${ROUNDS})`);
console.log(line(["", "time", "evaluations/s", "rewards/s"]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows) console.log(line(row));
const paired = median(serverMs.map((ms, r) => ms / poolMs[r]!));
console.log(
  `ratio server / pool: ${(serverMedian / poolMedian).toFixed(3)}x of the medians, ${paired.toFixed(3)}x the median of the ${ROUNDS} rounds' own ratios`,
);
console.log(
  `server minus pool: ${fmt(serverMedian - poolMedian)} ms (HTTP, JSON, lookups and the log: ${fmt(((serverMedian - poolMedian) / serverMedian) * 100, 1)}% of the server's time)`,
);
console.log(
  `\nbatches of 256 responses, ${LATENCY_BATCHES} one after another: p50 ${fmt(percentile(latency, 50), 1)} ms, p99 ${fmt(percentile(latency, 99), 1)} ms, ${fmt((256 * LATENCY_BATCHES) / (latency.reduce((a, b) => a + b, 0) / 1000))} rewards/s`,
);
console.log(
  `\nmachine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, pool of ${pool.size} workers; load average ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end`,
);

await server.close();
pool.close();
t.cleanup();
