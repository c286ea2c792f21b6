import "server-only";
import type { Db } from "@/db/client";
import { openStudioDatabase } from "../db";

export { findProject } from "../services/projects";

/**
 * Runs `fn` on the CLI's database (the same file, migrations and first-start example as the
 * studio's) and closes it afterwards, whether `fn` succeeds or throws: the one way a command
 * opens it.
 */
export async function withCliDb<T>(fn: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openStudioDatabase().db;
  try {
    return await fn(db);
  } finally {
    db.$client.close();
  }
}

/** Prints `value` as indented JSON: what `--json` prints, one document per command. */
export function printJson(value: unknown) {
  console.log(JSON.stringify(value, null, 2));
}

/** Prints rows as an aligned text table (the CLI's summaries). */
export function printTable(headers: string[], rows: Array<Array<string | number>>) {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const last = headers.length - 1;
  const line = (r: string[]) =>
    r
      .map((c, i) =>
        typeof rows[0]?.[i] === "number"
          ? c.padStart(widths[i]!)
          : i === last
            ? c
            : c.padEnd(widths[i]!),
      )
      .join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r));
}
