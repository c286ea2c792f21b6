import "server-only";
import { openDatabase, type Db } from "@/db/client";
import { env } from "./env.mjs";
import { ensureExampleProject } from "./services/exampleProject";

const globalForDb = globalThis as unknown as { autoifDb?: Db };

/**
 * Opens the studio's database file with migrations applied and, unless AUTOIF_SKIP_EXAMPLE is
 * set, creates the example project on a database that never had one. The one way the studio,
 * `npm start` and the CLI open it; `exampleCreated` says whether this call made the example.
 */
export function openStudioDatabase(file: string = env().AUTOIF_DB_PATH): {
  db: Db;
  exampleCreated: boolean;
} {
  const db = openDatabase(file);
  const exampleCreated = env().AUTOIF_SKIP_EXAMPLE ? false : ensureExampleProject(db);
  return { db, exampleCreated };
}

/**
 * The process-wide database, opened on first use (see openStudioDatabase). Kept on globalThis so
 * Next's dev reloads do not open the file again and again.
 */
export function getDb(): Db {
  globalForDb.autoifDb ??= openStudioDatabase().db;
  return globalForDb.autoifDb;
}
