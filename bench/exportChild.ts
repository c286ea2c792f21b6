// One measurement of the export benchmark in its own process, so its peak RSS is its own:
// `raw-sft` / `raw-dpo` read the rows an export reads with a bare better-sqlite3 iterator (the
// ceiling); a format id streams a real export to a file. Prints one JSON line.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { exportToFile } from "@/server/export/exportToFile";

const [dbFile, projectArg, mode, benchmarkArg] = process.argv.slice(2);
const projectId = Number(projectArg);
const db = openDatabase(dbFile!);
const start = performance.now();
let rows = 0;
let bytes = 0;

const JOINS =
  "join samples s on s.id = x.sample_id join instructions i on i.id = s.instruction_id join queries q on q.id = s.query_id";
const RAW = {
  "raw-sft": `select x.id, s.instruction_id, s.run_id, q.text, i.text, x.text from responses x ${JOINS} where i.project_id = ? and x.pipeline_status = 'kept' and x.review_status != 'rejected' and i.review_status != 'rejected' and i.pipeline_status in ('kept') order by x.id`,
  "raw-dpo": `select x.id, s.instruction_id, s.run_id, q.text, i.text, c.text, r.text from preference_pairs x ${JOINS} join responses c on c.id = x.chosen_response_id join responses r on r.id = x.rejected_response_id where i.project_id = ? and x.pipeline_status = 'kept' and x.review_status != 'rejected' and i.review_status != 'rejected' and c.review_status != 'rejected' and i.pipeline_status in ('kept') order by x.id`,
} as const;

if (mode === "raw-sft" || mode === "raw-dpo") {
  for (const row of db.$client.prepare(RAW[mode]).raw(true).iterate(projectId) as Iterable<
    unknown[]
  >) {
    rows++;
    for (const v of row) if (typeof v === "string") bytes += v.length;
  }
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-bench-export-"));
  const benchmarkIds = benchmarkArg ? [Number(benchmarkArg)] : [];
  const out = await exportToFile(
    db,
    {
      projectId,
      format: mode!,
      filters: exportFiltersSchema.parse({}),
      contamination: { benchmarkIds, action: "exclude" },
    },
    path.join(dir, "out.jsonl"),
  );
  rows = out.manifest.file.rows;
  bytes = out.manifest.file.bytes;
  fs.rmSync(dir, { recursive: true, force: true });
}
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({ mode, rows, bytes, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
);
db.$client.close();
