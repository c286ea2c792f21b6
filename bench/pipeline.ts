// npm run bench:pipeline: LLM calls per second and our CPU per call through the real runner and
// verify-gen stage, against the scripted fake server in its own process (its CPU is not ours).
// Not a test. BENCH_CALLS (default 2,000), BENCH_CONCURRENCY (32), BENCH_LATENCY_MS (100).
import { availableParallelism, cpus, loadavg } from "node:os";
import { createTestDb } from "@/db/testing/testDb";
import { createLlmClient } from "@/server/llm";
import { startFakeLlmProcess } from "@/server/llm/testing/fakeLlmProcess";
import { executeRun, leaseOwner } from "@/server/pipeline/runner";
import { createRun, runProgress } from "@/server/pipeline/runs";
import { createVerifierPool } from "@/server/sandbox/pool";
import { descendantsCpuMs } from "./pipelineChildCpu";
import {
  addBenchProject,
  benchConfig,
  benchInstructions,
  callCounts,
  concurrencyRamp,
  latencyPercentiles,
  rewindToAugment,
} from "./pipelineFixture";

const K = 8;
const calls = Number(process.env.BENCH_CALLS ?? 2_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);
const ideal = concurrency / (latencyMs / 1000);
const instructionCount = Math.ceil(calls / K);

interface Row {
  mode: string;
  calls: number;
  seconds: number;
  cpuMs: number;
  fakeCpuMs?: number;
  note: string;
}
const rows: Row[] = [];

const bed = createTestDb();
// verify-gen never evaluates verifiers, but the runner's context wants a pool; closed at once so
// no idle worker thread is counted in this process's CPU.
const pool = createVerifierPool({ size: 1 });
pool.close();
// Started last, with nothing that can throw before the try whose finally stops it.
const fake = await startFakeLlmProcess(["--latency-ms", String(latencyMs)]);
const noEnvironment = { values: {}, secret: () => undefined };

/** One run of verify-gen over `projectId`, timed in wall clock and in this process's CPU. */
async function timedRun(projectId: number, mode: string, note: string) {
  const { db } = bed;
  const config = benchConfig(fake.url, K, concurrency);
  const runId = createRun(db, { projectId, from: "verify-gen", to: "verify-gen" }).id;
  const llm = createLlmClient({
    db,
    projectId,
    runId,
    roles: config.llm,
    budget: config.budget,
    environment: noEnvironment,
  });
  const fakeBefore = descendantsCpuMs();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const outcome = await executeRun({ db, runId, owner: leaseOwner("bench"), pool, llm });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const fakeAfter = descendantsCpuMs();
  llm.close();
  if (outcome.state !== "finished")
    throw new Error(`run #${runId} ended ${outcome.state}: ${outcome.error ?? ""}`);
  const usage = llm.usage().generator;
  const made = usage.calls + usage.cachedCalls;
  rows.push({
    mode,
    calls: made,
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    fakeCpuMs:
      fakeAfter === undefined || fakeBefore === undefined ? undefined : fakeAfter - fakeBefore,
    note,
  });
  process.stderr.write(`  ${mode}: ${made} calls in ${seconds.toFixed(2)} s\n`);
  return { runId, usage };
}

try {
  process.stderr.write(
    `bench:pipeline: ${instructionCount} instructions x K=${K} verify-gen calls, concurrency ${concurrency}, fake latency ${latencyMs} ms\n`,
  );
  // Warm-up on a project of its own (the call log is per project), so the figures below are
  // steady state rather than module loading and JIT.
  const warm = addBenchProject(
    bed.db,
    benchConfig(fake.url, K, concurrency),
    benchInstructions(instructionCount + 16).slice(instructionCount),
  );
  await timedRun(warm, "warm-up", "");
  rows.length = 0;
  await fake.reset();

  const projectId = addBenchProject(
    bed.db,
    benchConfig(fake.url, K, concurrency),
    benchInstructions(instructionCount),
  );
  const live = await timedRun(
    projectId,
    "live, fake server",
    `over HTTP, ${latencyMs} ms per answer`,
  );
  const stats = await fake.stats();
  const liveCounts = callCounts(bed.db, live.runId);
  const [p50, p90, p99, max] = latencyPercentiles(bed.db, live.runId, [0.5, 0.9, 0.99, 1]);
  const unitFailures = runProgress(bed.db, live.runId).failed.length;
  const ramp = concurrencyRamp(bed.db, live.runId, concurrency);

  rewindToAugment(bed.db, projectId);
  const replay = await timedRun(
    projectId,
    "replay from call log",
    "a second run: every answer from llm_calls, no HTTP",
  );
  const served = (await fake.stats()).chatRequests - stats.chatRequests;

  const rate = (row: Row) => row.calls / row.seconds;
  console.log(
    `\nbench:pipeline  verify-gen, ${instructionCount} instructions x K=${K} = ${instructionCount * K} calls, concurrency ${concurrency}, fake latency ${latencyMs} ms`,
  );
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  console.log(
    `machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, node ${process.version}, load average ${load} (shared machine)\n`,
  );
  const perCall = (ms: number | undefined, row: Row) =>
    ms === undefined ? "n/a" : (ms / row.calls).toFixed(3);
  console.log(
    `${"mode".padEnd(22)} ${"calls".padStart(6)} ${"seconds".padStart(8)} ${"calls/s".padStart(8)} ${"x ideal".padStart(8)} ${"CPU ms/call".padStart(12)} ${"fake ms/call".padStart(13)}  note`,
  );
  for (const row of rows) {
    const cells = [
      String(row.calls).padStart(6),
      row.seconds.toFixed(2).padStart(8),
      rate(row).toFixed(0).padStart(8),
      (rate(row) / ideal).toFixed(2).padStart(8),
    ];
    console.log(
      `${row.mode.padEnd(22)} ${cells.join(" ")} ${perCall(row.cpuMs, row).padStart(12)} ${perCall(row.fakeCpuMs, row).padStart(13)}  ${row.note}`,
    );
  }
  const [liveRow] = rows;
  console.log(`\nideal: ${concurrency} in flight / ${latencyMs} ms = ${ideal.toFixed(0)} calls/s`);
  console.log(
    `live / ideal:     ${liveRow ? (rate(liveRow) / ideal).toFixed(2) : "n/a"} (target >= 0.90)`,
  );
  console.log(
    `live CPU per call: ${liveRow ? (liveRow.cpuMs / liveRow.calls).toFixed(3) : "n/a"} ms (target < 2 ms; user+system of this process: runner, stage, SQLite, SDK)`,
  );
  if (liveRow) {
    const busy = liveRow.cpuMs / (liveRow.seconds * 1000);
    const needed = (liveRow.cpuMs / liveRow.calls) * (ideal / 1000);
    console.log(
      `live: this process kept ${(100 * busy).toFixed(0)}% of one core busy; the ideal rate at this CPU per call needs ${(100 * needed).toFixed(0)}% (one event loop)`,
    );
  }
  console.log(
    `live llm_calls: ${liveCounts.completed ?? 0} completed, ${liveCounts.failed ?? 0} failed, ${liveCounts.pending ?? 0} pending; ${unitFailures} units failed (answers without a usable function, as scripted)`,
  );
  console.log(
    `live latency per call (llm_calls.latency_ms, send to answer): p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, max ${max} ms`,
  );
  console.log(
    ramp.rampMs === undefined
      ? `live: never ${concurrency} calls in flight at once`
      : `live: ${concurrency} calls in flight only ${(ramp.rampMs / 1000).toFixed(2)} s after the first send (${ramp.startedBefore} calls started before); from then on ${ramp.steadyRate?.toFixed(0) ?? "n/a"} calls/s (${ramp.steadyRate ? (ramp.steadyRate / ideal).toFixed(2) : "n/a"} x ideal)`,
  );
  console.log(
    `fake server: ${stats.chatRequests} chat requests, most in flight at once ${stats.maxInFlight} (of ${concurrency}); its CPU (own process) is the "fake ms/call" column`,
  );
  console.log(
    `replay: ${replay.usage.cachedCalls} answers from the call log, ${replay.usage.calls} sent, ${served} requests reached the server`,
  );
} finally {
  bed.cleanup();
  await fake.stop();
}
