import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../schema";
import { migrationsFolder } from "../client";

/**
 * A database migrated up to (not including) the committed migration whose tag ends with
 * `tagSuffix`, for tests that put rows in an old schema and then apply the rest with `finish`.
 */
export function databaseBefore(tagSuffix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-mig-"));
  const before = path.join(dir, "before");
  fs.mkdirSync(path.join(before, "meta"), { recursive: true });
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"),
  ) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag.endsWith(tagSuffix));
  if (upTo <= 0) throw new Error(`no migration after the first ends with ${tagSuffix}`);
  fs.writeFileSync(
    path.join(before, "meta/_journal.json"),
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }),
  );
  for (const e of journal.entries.slice(0, upTo))
    fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
  const sqlite = new Database(path.join(dir, "old.db"));
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: before });
  return {
    sqlite,
    /** Applies the remaining committed migrations. */
    finish: () => migrate(db, { migrationsFolder }),
    cleanup: () => {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
