// npm run bench:sandbox: evaluations per second of 20 verifiers x N responses, side by side.
// Not a test. BENCH_RESPONSES overrides N (default 2,000).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createVerifierEngine } from "@/lib/verifier/engine";
import type { Outcome } from "@/lib/verifier/outcome";
import { createVerifierPool } from "@/server/sandbox/pool";
import { loadQuickJSWasmModule } from "@/server/sandbox/wasmModule";
import { instantiateQuickJS } from "@/lib/verifier/quickjsModule";
import { SandboxInstance } from "@/lib/verifier/sandboxInstance";
import { rawEngineVerdicts, freshContextVerdicts, wrapperVerdicts } from "./sandboxRawEngine";
import { generateResponses } from "./sandboxResponses";
import { BENCH_VERIFIERS } from "./sandboxVerifiers";

type Verdicts = string[][];
interface Row {
  mode: string;
  evals: number;
  seconds: number;
  verdicts?: Verdicts;
  note: string;
}

const count = Number(process.env.BENCH_RESPONSES ?? 2_000);
const responses = generateResponses(count);
const sources = BENCH_VERIFIERS.map((v) => v.js);
const evals = sources.length * responses.length;
const rows: Row[] = [];
const asVerdicts = (matrix: Outcome[][]): Verdicts =>
  matrix.map((row) => row.map((o) => o.verdict));

async function time(
  mode: string,
  note: string,
  evalsDone: number,
  run: () => Promise<Verdicts | undefined>,
): Promise<void> {
  const start = performance.now();
  const verdicts = await run();
  rows.push({
    mode,
    evals: evalsDone,
    seconds: (performance.now() - start) / 1000,
    verdicts,
    note,
  });
  process.stderr.write(`  ${mode} done\n`);
}

const wasmModule = loadQuickJSWasmModule();
process.stderr.write(
  `bench:sandbox: ${sources.length} verifiers x ${responses.length} responses\n`,
);
await rawEngineVerdicts(wasmModule, sources, responses.slice(0, 100)); // warm up V8's wasm tiers

await time(
  "raw QuickJS, one thread",
  "direct calls, no limits, no isolation: the ceiling",
  evals,
  () => rawEngineVerdicts(wasmModule, sources, responses),
);

await time(
  "sandbox engine, in-thread",
  "limits + determinism + isolation, no transport",
  evals,
  async () => {
    const engine = await createVerifierEngine({ wasmModule });
    const matrix: Outcome[][] = [];
    for (const source of sources) matrix.push(await engine.evaluate(source, responses));
    engine.dispose();
    return asVerdicts(matrix);
  },
);

// The per-call path changed (issue 13): a new wrapper function per call. Both, in this run.
await time(
  "wrapper shared (before)",
  "raw engine + one shared per-verifier wrapper (leaked state)",
  evals,
  () => wrapperVerdicts(wasmModule, sources, responses, "shared"),
);
await time("wrapper per call (now)", "raw engine + a new top-level function per call", evals, () =>
  wrapperVerdicts(wasmModule, sources, responses, "fresh"),
);

// Building an instance (instantiate + harden the realm): paid at start and after every limit.
const builds: number[] = [];
for (let i = 0; i < 10; i += 1) {
  const start = performance.now();
  new SandboxInstance(await instantiateQuickJS(wasmModule), 128 * 1024 * 1024).dispose();
  builds.push(performance.now() - start);
}
builds.sort((a, b) => a - b);

const freshSubset = responses.slice(0, Math.min(200, responses.length));
await time(
  "fresh context per call",
  "the isolation policy we did not choose (200-response subset)",
  sources.length * freshSubset.length,
  async () => {
    await freshContextVerdicts(wasmModule, sources, freshSubset);
    return undefined;
  },
);

// The full pool runs first: in one process, a pool started after a one-worker pool scaled
// poorly (about 1.0x instead of 1.95x); see docs/sandbox.md.
for (const size of [availableParallelism(), 1]) {
  const pool = createVerifierPool({ size, batchSize: 500 });
  await Promise.all(
    Array.from({ length: size }, () =>
      pool.evaluate("function evaluate(r) { return true; }", ["warm"]),
    ),
  );
  await time(
    size === 1 ? "sandbox, one worker" : `sandbox pool, ${size} workers`,
    "worker_threads, batches of 500",
    evals,
    async () => asVerdicts(await pool.evaluateMatrix(sources, responses)),
  );
  pool.close();
}

await time(
  "plain V8 (new Function)",
  "TRUSTED bench verifiers only; never done with verifier code",
  evals,
  async () => {
    // new Function on our own verifier sources above, to show what the sandbox costs. Nowhere else.
    const fns = sources.map(
      (js) => new Function(`${js}\nreturn evaluate;`)() as (r: string) => unknown,
    );
    return fns.map((fn) =>
      responses.map((r) => {
        const v = fn(r);
        return v === true ? "pass" : v === false ? "fail" : "error";
      }),
    );
  },
);

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
if (python.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), "bench-sandbox-"));
  const input = join(dir, "job.json");
  writeFileSync(input, JSON.stringify({ verifiers: BENCH_VERIFIERS.map((v) => v.py), responses }));
  const harness = fileURLToPath(new URL("./sandboxHarness.py", import.meta.url));
  const result = spawnSync("python3", [harness, input], { encoding: "utf8", maxBuffer: 1 << 28 });
  rmSync(dir, { recursive: true, force: true });
  if (result.status === 0) {
    const out = JSON.parse(result.stdout) as {
      seconds: number;
      verdicts: Verdicts;
      version: string;
    };
    rows.push({
      mode: `CPython ${out.version} harness`,
      evals,
      seconds: out.seconds,
      verdicts: out.verdicts,
      note: "exec once, setitimer per call, unsandboxed",
    });
  } else process.stderr.write(`python harness failed: ${result.stderr}\n`);
}

const rate = (row: Row | undefined) => (row ? row.evals / row.seconds : Number.NaN);
const raw = rows[0];
console.log(
  `\nbench:sandbox  ${sources.length} verifiers x ${responses.length} responses (200-3,000 chars)`,
);
console.log(
  `machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, node ${process.version}\n`,
);
console.log(`${"mode".padEnd(30)} ${"evals/s".padStart(9)}  ${"x raw".padStart(6)}  note`);
for (const row of rows) {
  console.log(
    `${row.mode.padEnd(30)} ${rate(row).toFixed(0).padStart(9)}  ${(rate(row) / rate(raw)).toFixed(2).padStart(6)}  ${row.note}`,
  );
}
const find = (prefix: string) => rows.find((r) => r.mode.startsWith(prefix));
const ratio = (a: string, b: string) => (rate(find(a)) / rate(find(b))).toFixed(2);
console.log(
  `\nsandbox one worker / raw engine: ${ratio("sandbox, one worker", "raw")} (target >= 0.90)`,
);
console.log(`sandbox in-thread / raw engine:  ${ratio("sandbox engine", "raw")}`);
console.log(
  `wrapper per call / shared:       ${ratio("wrapper per call", "wrapper shared")} (the per-call cost of issue 13's fix)`,
);
console.log(
  `instance build (harden realm):   median ${builds[5]?.toFixed(1)} ms, min ${builds[0]?.toFixed(1)} ms over ${builds.length}`,
);
console.log(
  `pool / one worker:               ${ratio("sandbox pool", "sandbox, one worker")} (target >= 1.8 on 2 cores)`,
);
console.log(`raw QuickJS / V8:                ${ratio("raw", "plain V8")}`);
if (find("CPython")) console.log(`raw QuickJS / CPython harness:   ${ratio("raw", "CPython")}`);
const agree = (a: Row | undefined, b: Row | undefined) => {
  if (!a?.verdicts || !b?.verdicts) return "n/a";
  const flatA = a.verdicts.flat(),
    flatB = b.verdicts.flat();
  return `${((100 * flatA.filter((x, i) => x === flatB[i]).length) / flatA.length).toFixed(2)}%`;
};
console.log(
  `verdicts equal to raw QuickJS: in-thread ${agree(raw, find("sandbox engine"))}, pool ${agree(raw, find("sandbox pool"))}, V8 ${agree(raw, find("plain V8"))}, CPython ${agree(raw, find("CPython"))}`,
);
