import fs from "node:fs";
import path from "node:path";
import { projects } from "../schema";
import { openDatabase } from "../client";

const PAGE = 4096;

/**
 * Writes a database of about 400 pages in `dir` and two damaged copies of it, the way disks and
 * interrupted copies damage files: `truncated` is cut to half its length, `middle` has three pages
 * in its middle overwritten with 0xAA bytes (a page type SQLite never writes). Returns the paths.
 */
export function writeDamagedCopies(dir: string): {
  intact: string;
  truncated: string;
  middle: string;
  rows: number;
} {
  fs.mkdirSync(dir, { recursive: true });
  const intact = path.join(dir, "intact.db");
  const db = openDatabase(intact);
  const rows = 3_000;
  db.insert(projects)
    .values(
      Array.from({ length: rows }, (_, i) => ({
        name: `Damage test project ${i} ${"x".repeat(200)}`,
        config: {},
      })),
    )
    .run();
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  const size = fs.statSync(intact).size;
  const truncated = path.join(dir, "truncated.db");
  fs.copyFileSync(intact, truncated);
  fs.truncateSync(truncated, Math.floor(size / PAGE / 2) * PAGE);
  const middle = path.join(dir, "middle.db");
  fs.copyFileSync(intact, middle);
  const fd = fs.openSync(middle, "r+");
  try {
    fs.writeSync(fd, Buffer.alloc(3 * PAGE, 0xaa), 0, 3 * PAGE, Math.floor(size / PAGE / 2) * PAGE);
  } finally {
    fs.closeSync(fd);
  }
  return { intact, truncated, middle, rows };
}
