// npm run bench:numbers: what the per-project number triggers (migrations 0013, 0014) cost on large
// inserts. The same rows go into two fresh databases of the current schema, one with the responses
// trigger and one with it dropped, in alternating rounds so load drift on a shared machine hits both
// alike; prints each round, the medians and the ratio. Not a test.
// BENCH_ROWS (default 100,000) responses per round, BENCH_ROUNDS (default 3).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-bench-numbers-"));

/** A fresh database with one project, instruction, query and sample; the trigger kept or dropped. */
function fresh(name: string, trigger: boolean) {
  const db = openDatabase(path.join(dir, `${name}.db`));
  const sqlite = db.$client;
  if (!trigger) sqlite.exec("DROP TRIGGER `responses_number`");
  const project = Number(
    sqlite
      .prepare(
        "insert into projects (name, config, created_at, updated_at) values ('bench', '{}', 0, 0)",
      )
      .run().lastInsertRowid,
  );
  const instruction = Number(
    sqlite
      .prepare(
        "insert into instructions (project_id, text, normalized_hash, created_at, updated_at) values (?, 'i', 'i', 0, 0)",
      )
      .run(project).lastInsertRowid,
  );
  const query = Number(
    sqlite
      .prepare(
        "insert into queries (project_id, text, normalized_hash, length, created_at) values (?, 'q', 'q', 1, 0)",
      )
      .run(project).lastInsertRowid,
  );
  const sample = Number(
    sqlite
      .prepare("insert into samples (instruction_id, query_id, created_at) values (?, ?, 0)")
      .run(instruction, query).lastInsertRowid,
  );
  return { sqlite, sample };
}

/** Wall and CPU seconds to insert `rows` responses in one transaction (as a stage writes a batch). */
function insert(trigger: boolean, round: number): { wall: number; cpu: number } {
  const { sqlite, sample } = fresh(`${trigger ? "with" : "without"}-${round}`, trigger);
  const stmt = sqlite.prepare(
    "insert into responses (sample_id, sample_index, text, pipeline_status, review_status, created_at, updated_at) values (?, ?, ?, 'kept', 'unreviewed', 0, 0)",
  );
  const t = performance.now();
  const c = process.cpuUsage();
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) stmt.run(sample, i, `response ${i}`);
  })();
  const used = process.cpuUsage(c);
  const seconds = { wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
  const numbered = (sqlite.prepare("select count(number) n from responses").get() as { n: number })
    .n;
  if (numbered !== (trigger ? rows : 0))
    throw new Error(`expected ${trigger ? rows : 0} numbered rows, found ${numbered}`);
  sqlite.close();
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const withT: Array<{ wall: number; cpu: number }> = [];
  const withoutT: Array<{ wall: number; cpu: number }> = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always meets a warmer cache.
    const order = r % 2 === 0 ? [true, false] : [false, true];
    for (const trigger of order) (trigger ? withT : withoutT).push(insert(trigger, r));
    process.stderr.write(
      `round ${r + 1}: with trigger ${withT[r]!.wall.toFixed(2)} s (cpu ${withT[r]!.cpu.toFixed(2)}), without ${withoutT[r]!.wall.toFixed(2)} s (cpu ${withoutT[r]!.cpu.toFixed(2)})\n`,
    );
  }
  console.log(
    `| ${rows.toLocaleString("en")} responses inserted (median of ${rounds}) | with number trigger | without | ratio |`,
  );
  console.log(`|---|---|---|---|`);
  for (const k of ["wall", "cpu"] as const) {
    const [w, wo] = [median(withT.map((x) => x[k])), median(withoutT.map((x) => x[k]))];
    console.log(
      `| ${k} time | ${w.toFixed(2)} s (${Math.round(rows / w).toLocaleString("en")}/s) | ${wo.toFixed(2)} s (${Math.round(rows / wo).toLocaleString("en")}/s) | ${(w / wo).toFixed(2)}x |`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
