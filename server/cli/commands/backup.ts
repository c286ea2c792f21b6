import "server-only";
import fs from "node:fs";
import path from "node:path";
import { backupDatabase } from "../../services/backup";
import { printTable, withCliDb } from "../context";

/**
 * `autoif backup <file>`: a consistent copy of the studio's database taken with SQLite's online
 * backup, safe while the studio and runs keep writing. Restore: stop the studio, then copy the
 * file over AUTOIF_DB_PATH (and delete that path's -wal and -shm files).
 */
export async function backupCommand(file: string, opts: { force?: boolean; json?: boolean }) {
  const target = path.resolve(file);
  if (fs.existsSync(target) && !opts.force)
    throw new Error(`${target} exists; pass --force to overwrite it.`);
  return withCliDb(async (db) => {
    const report = await backupDatabase(db, target);
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(
        `Backed up to ${report.file} (${(report.bytes / 1e6).toFixed(1)} MB, integrity ${report.integrity}).`,
      );
      printTable(
        ["table", "rows"],
        Object.entries(report.rows).map(([table, rows]) => [table, rows]),
      );
    }
  });
}
