import "server-only";
import { eq, sql } from "drizzle-orm";
import { openDatabase, type Db } from "@/db/client";
import { projects } from "@/db/schema";
import { env } from "../env.mjs";
import { InvalidInputError } from "../errors";
import { ensureExampleProject } from "../services/exampleProject";

/** The CLI's database: the same file, migrations and first-start example as the studio's. */
export function cliDb(): Db {
  const db = openDatabase(env().AUTOIF_DB_PATH);
  if (!env().AUTOIF_SKIP_EXAMPLE) ensureExampleProject(db);
  return db;
}

/** A project by id or by name (case-insensitive), or a clear error listing what exists. */
export function findProject(db: Db, nameOrId: string) {
  const byId = /^\d+$/.test(nameOrId) ? db.select().from(projects).where(eq(projects.id, Number(nameOrId))).get() : undefined;
  const project = byId ?? db.select().from(projects).where(sql`lower(${projects.name}) = lower(${nameOrId})`).get();
  if (!project) {
    const names = db.select({ name: projects.name }).from(projects).all().map((p) => `"${p.name}"`);
    throw new InvalidInputError(`No project named "${nameOrId}". Projects: ${names.join(", ") || "none"}.`);
  }
  return project;
}

/** Prints rows as an aligned text table (the CLI's summaries). */
export function printTable(headers: string[], rows: Array<Array<string | number>>) {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (typeof rows[0]?.[i] === "number" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r));
}
