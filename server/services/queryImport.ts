import "server-only";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import StreamArray from "stream-json/streamers/StreamArray.js";
import { writeTransaction, type Db } from "@/db/client";
import { queries } from "@/db/schema";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import { queryFromRecord, type QueryFormat } from "@/lib/queries/queryRecord";
import { InvalidInputError } from "../errors";
import { getProject } from "./projects";

export interface QueryImportOptions {
  projectId: number;
  fileName: string;
  format: QueryFormat;
  /** CSV column holding the query (default: a "query" or "text" column). */
  column?: string;
  /** Keep only queries strictly longer than this and strictly shorter than maxLength (characters). */
  minLength?: number;
  maxLength?: number;
}

interface Item {
  /** 1-based line (JSONL, TXT, CSV row) or array element number (ShareGPT JSON). */
  line: number;
  record: unknown;
  parseError?: string;
}

async function* items(source: Readable, opts: QueryImportOptions): AsyncGenerator<Item> {
  if (opts.format === "jsonl" || opts.format === "txt") {
    let line = 0;
    for await (const text of createInterface({ input: source, crlfDelay: Infinity })) {
      line++;
      const t = line === 1 ? text.replace(/^\uFEFF/, "") : text;
      if (t.trim() === "") continue;
      if (opts.format === "txt") yield { line, record: { query: t } };
      else {
        try {
          yield { line, record: JSON.parse(t) };
        } catch (e) {
          yield { line, record: null, parseError: `invalid JSON: ${(e as Error).message}` };
        }
      }
    }
  } else if (opts.format === "sharegpt-json") {
    const pipeline = source.pipe(StreamArray.withParser());
    try {
      for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>)
        yield { line: item.key + 1, record: item.value };
    } catch (e) {
      yield { line: 0, record: null, parseError: `invalid JSON array: ${(e as Error).message}` };
    }
  } else {
    const csv = source.pipe(
      Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: true }),
    );
    let row = 1;
    for await (const record of csv as AsyncIterable<Record<string, string>>) {
      row++;
      yield { line: row, record };
    }
  }
}

/**
 * Imports a query pool file streamed from `source`: one record at a time, deduplicated (after
 * normalization, also against the project's pool), filtered by length. A bad record stops the
 * import with its line and field, and nothing is written; the kept queries go in one transaction.
 */
export async function importQueries(db: Db, source: Readable, opts: QueryImportOptions) {
  getProject(db, opts.projectId);
  const min = opts.minLength ?? 20;
  const max = opts.maxLength ?? 300;
  const existing = new Set(
    db
      .select({ h: queries.normalizedHash })
      .from(queries)
      .where(eq(queries.projectId, opts.projectId))
      .all()
      .map((q) => q.h),
  );
  const seen = new Set<string>();
  const kept: Array<{ text: string; hash: string; line: number }> = [];
  const counts = { read: 0, duplicates: 0, tooShort: 0, tooLong: 0 };
  const column = opts.format === "csv" ? opts.column : undefined;
  for await (const item of items(source, opts)) {
    const where = opts.format === "sharegpt-json" ? `item ${item.line}` : `line ${item.line}`;
    if (item.parseError)
      throw new InvalidInputError(
        `${opts.fileName}, ${where}: ${item.parseError}. Nothing was imported.`,
        [{ line: item.line, message: item.parseError }],
      );
    counts.read++;
    let found = queryFromRecord(item.record, column);
    if (!found.ok && opts.format === "csv" && column === undefined) {
      found = {
        ok: false,
        field: "query",
        message: 'no "query" or "text" column; choose the column that holds the queries',
      };
    }
    if (!found.ok) {
      throw new InvalidInputError(
        `${opts.fileName}, ${where}, field "${found.field}": ${found.message}. Nothing was imported.`,
        [{ line: item.line, field: found.field, message: found.message }],
      );
    }
    const text = found.text.trim();
    if (text.length <= min) {
      counts.tooShort++;
      continue;
    }
    if (text.length >= max) {
      counts.tooLong++;
      continue;
    }
    const hash = instructionHash(text);
    if (existing.has(hash) || seen.has(hash)) {
      counts.duplicates++;
      continue;
    }
    seen.add(hash);
    kept.push({ text, hash, line: item.line });
  }
  // Only a source read to its end is imported: a body cut off (a client gone, a size limit hit)
  // fails here, before the transaction, whatever the line reader made of its last line.
  if (source.errored) throw source.errored;
  if (!source.readableEnded)
    throw new InvalidInputError(
      `${opts.fileName}: the file ended before it was complete. Nothing was imported.`,
    );
  writeTransaction(db, (tx) => {
    for (let i = 0; i < kept.length; i += 500) {
      tx.insert(queries)
        .values(
          kept.slice(i, i + 500).map((q) => ({
            projectId: opts.projectId,
            text: q.text,
            normalizedHash: q.hash,
            sourceFile: opts.fileName,
            sourceLine: q.line,
            length: q.text.length,
          })),
        )
        .run();
    }
  });
  return { imported: kept.length, ...counts };
}

/** A Readable over a string, for imports of text already in memory (tests, the example pool). */
export const readableOf = (text: string) => Readable.from([text]);
