import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { benchmarkFiles, benchmarkPrompts } from "@/db/schema";
import { parseBenchmarkFile } from "@/lib/formats/benchmarkFile";
import { NgramIndex } from "@/lib/formats/ngrams";
import { InvalidInputError, NotFoundError } from "../errors";

const columns = {
  id: benchmarkFiles.id,
  name: benchmarkFiles.name,
  sha256: benchmarkFiles.sha256,
  textField: benchmarkFiles.textField,
  promptCount: benchmarkFiles.promptCount,
  createdAt: benchmarkFiles.createdAt,
};

/** The project's registered benchmark prompt files, newest first. */
export function listBenchmarks(db: Db, projectId: number) {
  return db
    .select(columns)
    .from(benchmarkFiles)
    .where(eq(benchmarkFiles.projectId, projectId))
    .orderBy(desc(benchmarkFiles.id))
    .all();
}

/**
 * Registers a benchmark prompt file (JSONL with a text field). The same bytes registered again
 * return the existing entry. A bad file changes nothing and every bad line is reported.
 */
export function registerBenchmark(
  db: Db,
  input: { projectId: number; name: string; content: string; field?: string },
) {
  const sha256 = createHash("sha256").update(input.content, "utf8").digest("hex");
  const existing = db
    .select(columns)
    .from(benchmarkFiles)
    .where(and(eq(benchmarkFiles.projectId, input.projectId), eq(benchmarkFiles.sha256, sha256)))
    .get();
  if (existing) return existing;
  const parsed = parseBenchmarkFile(input.content, input.field);
  if (!parsed.ok) {
    const first = parsed.problems[0]!;
    throw new InvalidInputError(
      `${input.name}: line ${first.line}: ${first.message}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ""}`,
      parsed.problems,
    );
  }
  return writeTransaction(db, (tx) => {
    const row = tx
      .insert(benchmarkFiles)
      .values({
        projectId: input.projectId,
        name: input.name,
        sha256,
        textField: parsed.field,
        promptCount: parsed.prompts.length,
      })
      .returning(columns)
      .get();
    for (let i = 0; i < parsed.prompts.length; i += 500) {
      tx.insert(benchmarkPrompts)
        .values(
          parsed.prompts
            .slice(i, i + 500)
            .map((p) => ({ benchmarkId: row.id, line: p.line, text: p.text })),
        )
        .run();
    }
    return row;
  });
}

export function deleteBenchmark(db: Db, projectId: number, id: number) {
  const gone = db
    .delete(benchmarkFiles)
    .where(and(eq(benchmarkFiles.projectId, projectId), eq(benchmarkFiles.id, id)))
    .returning({ id: benchmarkFiles.id })
    .get();
  if (!gone) throw new NotFoundError(`Benchmark file ${id} does not exist in this project.`);
}

/**
 * The hashed 13-grams of the chosen benchmark files, and for each prompt index the file and line
 * it came from, so a match can be named in the manifest.
 */
export function loadBenchmarkIndex(db: Db, projectId: number, ids: number[]) {
  const files =
    ids.length === 0
      ? []
      : db
          .select(columns)
          .from(benchmarkFiles)
          .where(and(eq(benchmarkFiles.projectId, projectId), inArray(benchmarkFiles.id, ids)))
          .orderBy(asc(benchmarkFiles.id))
          .all();
  const missing = ids.filter((id) => !files.some((f) => f.id === id));
  if (missing.length > 0)
    throw new NotFoundError(
      `Benchmark file(s) ${missing.join(", ")} do not exist in this project.`,
      [{ field: "contamination.benchmarkIds", message: "unknown benchmark file" }],
    );
  const index = new NgramIndex();
  const origin: Array<{ file: number; line: number }> = [];
  for (const [fileIdx, file] of files.entries()) {
    let cursor = 0;
    for (;;) {
      const batch = db
        .select({
          id: benchmarkPrompts.id,
          line: benchmarkPrompts.line,
          text: benchmarkPrompts.text,
        })
        .from(benchmarkPrompts)
        .where(and(eq(benchmarkPrompts.benchmarkId, file.id), gt(benchmarkPrompts.id, cursor)))
        .orderBy(asc(benchmarkPrompts.id))
        .limit(2_000)
        .all();
      if (batch.length === 0) break;
      for (const p of batch) {
        index.add(p.text, origin.length);
        origin.push({ file: fileIdx, line: p.line });
      }
      cursor = batch[batch.length - 1]!.id;
    }
  }
  return { files, index, origin };
}
