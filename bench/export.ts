// npm run bench:export: export throughput per format against the raw speed of reading the same
// rows from SQLite, and each process's peak RSS, on a generated project. Not a test.
// BENCH_RESPONSES (default 1,000,000); a 100k-response project runs too, to show RSS stays flat.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { DPO_FORMATS, SFT_FORMATS } from "@/lib/formats/formats";
import { registerBenchmark } from "@/server/export/benchmarks";
import { benchmarkJsonl, generateExportProject } from "./exportFixture";

const big = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const small = Math.min(100_000, Math.floor(big / 10));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-bench-export-"));
const dbFile = path.join(dir, "bench.db");
const db = openDatabase(dbFile);
let t = performance.now();
const smallProject = generateExportProject(db, "bench-small", small);
const bigProject = generateExportProject(db, "bench-big", big);
const benchmark = registerBenchmark(db, {
  projectId: bigProject.projectId,
  name: "bench-10k.jsonl",
  content: benchmarkJsonl(10_000),
});
db.$client.pragma("wal_checkpoint(TRUNCATE)");
db.$client.close();
process.stderr.write(
  `generated ${small.toLocaleString()} + ${big.toLocaleString()} responses (${(fs.statSync(dbFile).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
);

interface Result {
  mode: string;
  rows: number;
  bytes: number;
  seconds: number;
  peakRssMb: number;
}
function measure(projectId: number, mode: string, extra: string[] = []): Result {
  t = performance.now();
  const out = execFileSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(import.meta.dirname, "exportChild.ts"),
      dbFile,
      String(projectId),
      mode,
      ...extra,
    ],
    { encoding: "utf8", env: { ...process.env, AUTOIF_SKIP_EXAMPLE: "1" } },
  );
  const r = JSON.parse(out.trim().split("\n").pop()!) as Result;
  process.stderr.write(`  ${mode}: ${r.rows.toLocaleString()} rows in ${r.seconds.toFixed(2)} s\n`);
  return r;
}

const table: string[][] = [];
const fmt = (n: number, d = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const self = (r: Result): [Result, Result] => [r, r];
function report(size: string, raw: Result, r: Result, note = "") {
  const rowsPerS = r.rows / r.seconds;
  table.push([
    size,
    r.mode,
    fmt(r.rows),
    fmt(r.bytes / 1e6, 1),
    fmt(r.seconds, 2),
    fmt(rowsPerS),
    fmt(r.bytes / 1e6 / r.seconds, 1),
    r === raw ? "1.00" : fmt(rowsPerS / (raw.rows / raw.seconds), 2),
    fmt(r.peakRssMb),
    note,
  ]);
}

for (const [size, p, formats] of [
  [`${fmt(small)} responses`, smallProject.projectId, ["alpaca", "trl-preference"]],
  [
    `${fmt(big)} responses`,
    bigProject.projectId,
    [...SFT_FORMATS, ...DPO_FORMATS].map((f) => f.id),
  ],
] as const) {
  report(size, ...self(measure(p, "raw-sft")), "ceiling: bare SQLite read of the SFT rows");
  report(size, ...self(measure(p, "raw-dpo")), "ceiling: bare SQLite read of the DPO rows");
  // Each export is compared with a raw read made just before it: on a shared machine the load
  // drifts over minutes, and a ratio of two runs far apart would measure the drift.
  for (const f of formats) {
    const raw = measure(p, DPO_FORMATS.some((d) => d.id === f) ? "raw-dpo" : "raw-sft");
    report(size, raw, measure(p, f), `raw read just before: ${raw.seconds.toFixed(2)} s`);
  }
  if (p === bigProject.projectId) {
    const raw = measure(p, "raw-sft");
    report(
      size,
      raw,
      { ...measure(p, "alpaca", [String(benchmark.id)]), mode: "alpaca + 13-gram check" },
      `against 10,000 benchmark prompts; raw just before: ${raw.seconds.toFixed(2)} s`,
    );
  }
}

const headers = [
  "project",
  "mode",
  "rows",
  "MB",
  "s",
  "rows/s",
  "MB/s",
  "vs raw",
  "peak RSS MB",
  "note",
];
const widths = headers.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (r: string[]) =>
  r.map((c, i) => (i >= 2 && i <= 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
console.log(
  `\nexport benchmark, ${os.cpus()[0]?.model ?? "cpu"} x${os.availableParallelism()}, node ${process.version}; MB of the file written (raw: of the text read)`,
);
console.log(line(headers));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of table) console.log(line(r));
fs.rmSync(dir, { recursive: true, force: true });
