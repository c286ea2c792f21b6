import "server-only";
import type { Db } from "@/db/client";
import { openStudioDatabase } from "../db";

export { findProject } from "../services/projects";

/** The CLI's database: the same file, migrations and first-start example as the studio's. */
export function cliDb(): Db {
  return openStudioDatabase().db;
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
