// npm run bench:python: the bench:sandbox verifiers in Python on the same responses, side by side:
// raw Pyodide, the sandboxed engine in-thread, one worker, the pool, and the native CPython harness
// shaped like the reference scripts. Plus cold starts. Not a test. BENCH_RESPONSES overrides N.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import type { Outcome } from "@/lib/verifier/outcome";
import { createPythonEngine } from "@/lib/verifier/python/pythonEngine";
import { loadPyodideRuntime } from "@/lib/verifier/python/pyodideRuntime";
import { createVerifierPool } from "@/server/sandbox/pool";
import { pyodideIndexPath } from "@/server/sandbox/pyodidePath";
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
const sources = BENCH_VERIFIERS.map((v) => v.py);
const evals = sources.length * responses.length;
const rows: Row[] = [];
const starts: [string, number][] = [];
const indexURL = pyodideIndexPath();
const asVerdicts = (matrix: Outcome[][]): Verdicts =>
  matrix.map((row) => row.map((o) => o.verdict));
const codes = sources.map((source) => ({ language: "python" as const, source }));

async function time(
  mode: string,
  note: string,
  run: () => Promise<Verdicts | undefined>,
): Promise<void> {
  const start = performance.now();
  const verdicts = await run();
  rows.push({ mode, evals, seconds: (performance.now() - start) / 1000, verdicts, note });
  process.stderr.write(`  ${mode} done\n`);
}

process.stderr.write(`bench:python: ${sources.length} verifiers x ${responses.length} responses\n`);

// The native baseline first: python3 on our own trusted bench verifiers only (never verifier code).
const dir = mkdtempSync(join(tmpdir(), "bench-python-"));
const input = join(dir, "job.json");
writeFileSync(input, JSON.stringify({ verifiers: sources, responses }));
const harness = fileURLToPath(new URL("./sandboxHarness.py", import.meta.url));
const native = spawnSync("python3", [harness, input], { encoding: "utf8", maxBuffer: 1 << 28 });
rmSync(dir, { recursive: true, force: true });
if (native.status === 0) {
  const out = JSON.parse(native.stdout) as { seconds: number; verdicts: Verdicts; version: string };
  rows.push({
    mode: `native CPython ${out.version}`,
    evals,
    seconds: out.seconds,
    verdicts: out.verdicts,
    note: "reference-script harness: exec once, setitimer per call, unsandboxed",
  });
} else process.stderr.write(`the native python3 harness failed: ${native.stderr}\n`);

// Raw Pyodide: the same harness shape inside Pyodide, in this thread, no sandbox: the ceiling.
{
  const start = performance.now();
  const pyodide = await loadPyodide({ indexURL, stdout: () => undefined, stderr: () => undefined });
  starts.push(["raw Pyodide load (in-thread)", performance.now() - start]);
  pyodide.globals.set("job_sources", pyodide.toPy(sources));
  pyodide.globals.set("job_responses", pyodide.toPy(responses));
  await time(
    "raw Pyodide, in-thread",
    "exec once, direct calls in a Python loop, no sandbox or limits",
    async () => {
      const out = pyodide.runPython(`
import json
rows = []
for source in job_sources:
    ns = {}
    exec(source, ns)
    ev = ns["evaluate"]
    row = []
    for r in job_responses:
        try:
            v = ev(r)
            row.append("pass" if v is True else "fail" if v is False else "error")
        except Exception:
            row.append("error")
    rows.append(row)
json.dumps(rows)
`) as string;
      return JSON.parse(out) as Verdicts;
    },
  );
}

{
  const start = performance.now();
  await loadPyodideRuntime({ indexURL });
  starts.push(["sandboxed interpreter (in-thread)", performance.now() - start]);
}

await time(
  "sandbox engine, in-thread",
  "every guarantee, no transport (no watchdog thread)",
  async () => {
    const engine = await createPythonEngine({ indexURL });
    const matrix: Outcome[][] = [];
    for (const source of sources) matrix.push(await engine.evaluate(source, responses));
    engine.dispose();
    return asVerdicts(matrix);
  },
);

// The full pool first, as bench:sandbox does (see docs/sandbox.md).
for (const size of [availableParallelism(), 1]) {
  const start = performance.now();
  const pool = createVerifierPool({ size: 1, pythonSize: size, batchSize: 500 });
  await Promise.all(
    Array.from({ length: size }, () =>
      pool.evaluate({ language: "python", source: "def evaluate(r):\n    return True\n" }, [
        "warm",
      ]),
    ),
  );
  starts.push([
    `pool of ${size} Python worker${size === 1 ? "" : "s"} to first outcome`,
    performance.now() - start,
  ]);
  await time(
    size === 1 ? "sandbox, one worker" : `sandbox pool, ${size} workers`,
    "worker_threads, batches of 500, watchdog + interrupt",
    async () => asVerdicts(await pool.evaluateMatrix(codes, responses)),
  );
  pool.close();
}

const rate = (row: Row | undefined) => (row ? row.evals / row.seconds : Number.NaN);
const nativeRow = rows.find((r) => r.mode.startsWith("native"));
console.log(
  `\nbench:python  ${sources.length} verifiers x ${responses.length} responses (200-3,000 chars)`,
);
console.log(
  `machine: ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, node ${process.version}, load ${(
    await import("node:os")
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}\n`,
);
console.log(`${"mode".padEnd(30)} ${"evals/s".padStart(9)}  ${"x native".padStart(8)}  note`);
for (const row of rows)
  console.log(
    `${row.mode.padEnd(30)} ${rate(row).toFixed(0).padStart(9)}  ${(rate(row) / rate(nativeRow)).toFixed(2).padStart(8)}  ${row.note}`,
  );
const find = (prefix: string) => rows.find((r) => r.mode.startsWith(prefix));
const ratio = (a: string, b: string) => (rate(find(a)) / rate(find(b))).toFixed(2);
console.log(
  `\none worker / native CPython:     ${ratio("sandbox, one worker", "native")} (target >= 0.5 per core)`,
);
console.log(
  `in-thread engine / raw Pyodide:  ${ratio("sandbox engine", "raw Pyodide")} (what the sandbox costs)`,
);
console.log(
  `raw Pyodide / native CPython:    ${ratio("raw Pyodide", "native")} (what WebAssembly costs)`,
);
console.log(
  `pool / one worker:               ${ratio("sandbox pool", "sandbox, one worker")} (target >= 1.8 on 2 cores)`,
);
for (const [what, ms] of starts) console.log(`cold start, ${what}: ${(ms / 1000).toFixed(2)} s`);
const agree = (row: Row | undefined) => {
  if (!row?.verdicts || !nativeRow?.verdicts) return "n/a";
  const a = row.verdicts.flat(),
    b = nativeRow.verdicts.flat();
  return `${((100 * a.filter((x, i) => x === b[i]).length) / a.length).toFixed(2)}%`;
};
console.log(
  `verdicts equal to native CPython: raw Pyodide ${agree(find("raw Pyodide"))}, in-thread ${agree(find("sandbox engine"))}, one worker ${agree(find("sandbox, one worker"))}, pool ${agree(find("sandbox pool"))}`,
);
console.log("browser cold start: see e2e/pythonSandbox.spec.ts (printed by that spec)");
