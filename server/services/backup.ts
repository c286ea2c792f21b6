import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Db } from "@/db/client";
import { commitPartialFile, partialPathFor, removeStalePartials } from "../atomicFile";

export type BackupReport = {
  file: string;
  bytes: number;
  pages: number;
  integrity: string;
  rows: Record<string, number>;
};

function rowCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\' order by name",
    )
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (
        sqlite.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as {
          n: number;
        }
      ).n,
    ]),
  );
}

/**
 * Copies the open database to `file` with SQLite's online backup API (page by page, consistent
 * even while other connections write), writes it to a temporary name first so a crash never
 * leaves a half file under the real one, then opens the copy and runs `PRAGMA integrity_check`.
 */
export async function backupDatabase(db: Db, file: string): Promise<BackupReport> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  removeStalePartials(target);
  const partial = partialPathFor(target);
  let pages = 0;
  try {
    const result = await db.$client.backup(partial, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        return 1_000;
      },
    });
    pages = result.totalPages;
    // The copy inherits WAL mode; a backup should be one self-contained file.
    const copy = new Database(partial);
    let integrity: string;
    let rows: Record<string, number>;
    try {
      copy.pragma("journal_mode = DELETE");
      integrity = (copy.pragma("integrity_check") as Array<{ integrity_check: string }>)
        .map((r) => r.integrity_check)
        .join("; ");
      rows = rowCounts(copy);
    } finally {
      copy.close();
    }
    if (integrity !== "ok")
      throw new Error(`The copy failed SQLite's integrity check: ${integrity}`);
    commitPartialFile(partial, target);
    return { file: target, bytes: fs.statSync(target).size, pages, integrity, rows };
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`])
      fs.rmSync(leftover, { force: true });
  }
}
