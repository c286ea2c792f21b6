import "server-only";
import { openDatabase, type Db } from "@/db/client";
import { env } from "./env.mjs";
import { ensureExampleProject } from "./services/exampleProject";

const globalForDb = globalThis as unknown as { autoifDb?: Db };

/**
 * The process-wide database, opened on first use: migrations are applied and, on a database
 * that never had one, the example project is created. Kept on globalThis so Next's dev reloads
 * do not open the file again and again.
 */
export function getDb(): Db {
  if (!globalForDb.autoifDb) {
    const db = openDatabase(env().AUTOIF_DB_PATH);
    if (!env().AUTOIF_SKIP_EXAMPLE) ensureExampleProject(db);
    globalForDb.autoifDb = db;
  }
  return globalForDb.autoifDb;
}
