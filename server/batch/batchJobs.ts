import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { batchFiles, batchJobs, batchRequests, runs } from "@/db/schema";
import {
  BATCH_MAX_BYTES,
  BATCH_MAX_LINES,
  batchInputLine,
  splitBatchLines,
} from "@/lib/formats/openaiBatch";
import { InvalidInputError } from "../errors";
import type { DeferredRequest } from "./batchCaller";

export { LLM_STAGES } from "@/lib/autoif/llmStages";

export interface BatchLimits {
  maxLines?: number;
  maxBytes?: number;
}

/** Where the studio writes a job's files unless told otherwise: beside the database file. */
export function defaultBatchDir(db: Db, projectId: number, jobId: number): string {
  return path.join(
    path.dirname(path.resolve(db.$client.name)),
    "batches",
    `project-${projectId}`,
    `batch-${jobId}`,
  );
}

/** Sets the stages of a run whose calls go offline (an empty list: all live). */
export function setRunBatchStages(db: Db, runId: number, stages: readonly string[]): void {
  db.update(runs)
    .set({ batchStages: [...stages] })
    .where(eq(runs.id, runId))
    .run();
}

/**
 * Records the requests an offline stage deferred as a batch job: files of at most `maxLines`
 * lines and `maxBytes` bytes, one role each (one model, one endpoint), in one transaction.
 * Requests already waiting in another job of the run stay in that job's file; returns null when
 * nothing is new.
 */
export function createBatchJob(
  db: Db,
  input: {
    runId: number;
    stage: string;
    requests: readonly DeferredRequest[];
    limits?: BatchLimits;
  },
): number | null {
  const run = db
    .select({ projectId: runs.projectId })
    .from(runs)
    .where(eq(runs.id, input.runId))
    .get();
  if (!run) throw new InvalidInputError(`Run ${input.runId} does not exist.`);
  // Prepared once: one of these per line of a 50,000-line file.
  const insertRequest = db.$client.prepare<
    [number, number, number, number, string, string, string, string]
  >(
    "insert into batch_requests (job_id, file_id, project_id, line, custom_id, role, kind, body) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  return writeTransaction(db, (tx) => {
    const waiting = new Set(
      tx
        .select({ customId: batchRequests.customId })
        .from(batchRequests)
        .innerJoin(batchJobs, eq(batchJobs.id, batchRequests.jobId))
        .where(and(eq(batchJobs.runId, input.runId), eq(batchRequests.status, "waiting")))
        .all()
        .map((r) => r.customId),
    );
    const fresh = input.requests.filter((r) => !waiting.has(r.customId));
    if (fresh.length === 0) return null;
    const job = tx
      .insert(batchJobs)
      .values({ projectId: run.projectId, runId: input.runId, stage: input.stage })
      .returning({ id: batchJobs.id })
      .get();
    const dir = defaultBatchDir(db, run.projectId, job.id);
    tx.update(batchJobs).set({ dir }).where(eq(batchJobs.id, job.id)).run();
    let part = 0;
    for (const role of ["generator", "judge"] as const) {
      const mine = fresh.filter((r) => r.role === role);
      if (mine.length === 0) continue;
      const lines = mine.map((r) => batchInputLine(r.customId, r.body));
      const { files, tooLarge } = splitBatchLines(lines, {
        maxLines: input.limits?.maxLines ?? BATCH_MAX_LINES,
        maxBytes: input.limits?.maxBytes ?? BATCH_MAX_BYTES,
      });
      if (tooLarge.length)
        throw new InvalidInputError(
          `A ${mine[tooLarge[0]!]!.kind} request is larger than a batch file may be (${input.limits?.maxBytes ?? BATCH_MAX_BYTES} bytes).`,
        );
      for (const indexes of files) {
        part++;
        const text = indexes.map((i) => `${lines[i]}\n`).join("");
        const name = `run${input.runId}-batch${job.id}-${input.stage}-${role}-${String(part).padStart(3, "0")}.jsonl`;
        const file = tx
          .insert(batchFiles)
          .values({
            jobId: job.id,
            name,
            role,
            model: mine[0]!.body.model,
            lines: indexes.length,
            bytes: Buffer.byteLength(text),
            sha256: createHash("sha256").update(text).digest("hex"),
          })
          .returning({ id: batchFiles.id })
          .get();
        indexes.forEach((i, n) => {
          const r = mine[i]!;
          insertRequest.run(
            job.id,
            file.id,
            run.projectId,
            n + 1,
            r.customId,
            role,
            r.kind,
            JSON.stringify(r.body),
          );
        });
      }
    }
    return job.id;
  });
}

/** A job's input files as their text, rebuilt from the database line by line. */
export function* jobFileTexts(
  db: Db,
  jobId: number,
): Generator<{ name: string; text: string; lines: number; sha256: string }> {
  const files = db
    .select()
    .from(batchFiles)
    .where(eq(batchFiles.jobId, jobId))
    .orderBy(asc(batchFiles.id))
    .all();
  for (const f of files) {
    const rows = db
      .select({ customId: batchRequests.customId, body: batchRequests.body })
      .from(batchRequests)
      .where(eq(batchRequests.fileId, f.id))
      .orderBy(asc(batchRequests.line))
      .all();
    // The stored body is the JSON text the line was made of; re-parsing keeps the line byte-equal.
    const text = rows.map((r) => `${batchInputLine(r.customId, JSON.parse(r.body))}\n`).join("");
    yield { name: f.name, text, lines: f.lines, sha256: f.sha256 };
  }
}

/** The input text of one file of a job (for an upload to a Batch API or a download). */
export function batchFileText(db: Db, jobId: number, name: string): string {
  for (const f of jobFileTexts(db, jobId)) if (f.name === name) return f.text;
  throw new InvalidInputError(`Batch #${jobId} has no file ${name}.`);
}

/** Per job of a run: stage, state and, per file, how many of its requests are waiting, imported or failed. */
export function batchStatus(db: Db, runId: number) {
  const jobs = db
    .select()
    .from(batchJobs)
    .where(eq(batchJobs.runId, runId))
    .orderBy(desc(batchJobs.id))
    .all();
  if (jobs.length === 0) return [];
  const counts = db
    .select({
      fileId: batchRequests.fileId,
      status: batchRequests.status,
      n: sql<number>`count(*)`,
    })
    .from(batchRequests)
    .where(
      inArray(
        batchRequests.jobId,
        jobs.map((j) => j.id),
      ),
    )
    .groupBy(batchRequests.fileId, batchRequests.status)
    .all();
  const files = db
    .select()
    .from(batchFiles)
    .where(
      inArray(
        batchFiles.jobId,
        jobs.map((j) => j.id),
      ),
    )
    .orderBy(asc(batchFiles.id))
    .all();
  const of = (fileId: number, status: string) =>
    counts.find((c) => c.fileId === fileId && c.status === status)?.n ?? 0;
  return jobs.map((j) => {
    const mine = files
      .filter((f) => f.jobId === j.id)
      .map((f) => ({
        id: f.id,
        name: f.name,
        role: f.role,
        model: f.model,
        lines: f.lines,
        bytes: f.bytes,
        waiting: of(f.id, "waiting"),
        imported: of(f.id, "imported"),
        failed: of(f.id, "failed"),
        apiBatchId: f.apiBatchId,
        apiStatus: f.apiStatus,
        path: j.dir ? path.join(j.dir, f.name) : null,
      }));
    const sum = (k: "waiting" | "imported" | "failed") => mine.reduce((a, f) => a + f[k], 0);
    return {
      id: j.id,
      runId: j.runId,
      stage: j.stage,
      state: j.state,
      dir: j.dir,
      createdAt: j.createdAt,
      files: mine,
      waiting: sum("waiting"),
      imported: sum("imported"),
      failed: sum("failed"),
    };
  });
}
