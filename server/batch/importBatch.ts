import "server-only";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { batchFiles, batchJobs, batchRequests, runs } from "@/db/schema";
import { parseBatchOutputLine, type BatchOutputLine } from "@/lib/formats/openaiBatch";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { killPoint } from "../killPoints";
import {
  callCostUsd,
  findCompleted,
  markFinished,
  markPending,
  type BatchOrigin,
} from "../llm/callStore";
import { parseCompletion } from "../llm/parseCompletion";
import type { ChatRequestBody } from "../llm/requestHash";

/** One output (or error) file handed to the import: its name, for messages, and its text. */
export interface BatchOutputFile {
  name: string;
  text: string;
}

export interface BatchImportProblem {
  file: string;
  line: number | null;
  field: string | null;
  message: string;
}

export interface BatchImportReport {
  ok: boolean;
  /** Requests whose answer was recorded now: completed calls, and failed ones (error lines, unusable answers). */
  imported: number;
  failed: number;
  /** Lines whose request already had its answer imported (a file imported again): left as they were. */
  alreadyImported: number;
  /** Requests of the input files these outputs answer that have no line in them. */
  missing: number;
  problems: BatchImportProblem[];
  /** The first few error lines, as the endpoint worded them. */
  errors: Array<{ file: string; line: number; customId: string; message: string }>;
  runId: number | null;
  /** The run's jobs after the import: how many requests still wait. */
  jobs: Array<{ id: number; stage: string; waiting: number }>;
}

interface RequestRow {
  id: number;
  jobId: number;
  fileId: number;
  projectId: number;
  customId: string;
  role: "generator" | "judge";
  body: string;
  status: "waiting" | "imported" | "failed";
  runId: number;
}

const SHOWN = 20;
const short = (id: string) => (id.length > 16 ? `${id.slice(0, 12)}…` : id);

/** Splits a file into its lines; a last line without its newline that is not JSON was cut off. */
function readLines(
  file: BatchOutputFile,
  problems: BatchImportProblem[],
): Array<{ line: number; text: string }> {
  if (file.text.length === 0) {
    problems.push({
      file: file.name,
      line: null,
      field: null,
      message: "the file is empty (0 lines)",
    });
    return [];
  }
  const raw = file.text.replace(/^\uFEFF/, "").split("\n");
  const endsWithNewline = raw[raw.length - 1] === "";
  if (endsWithNewline) raw.pop();
  const lines: Array<{ line: number; text: string }> = [];
  raw.forEach((text, i) => {
    const t = text.replace(/\r$/, "");
    if (t.trim() === "") {
      problems.push({ file: file.name, line: i + 1, field: null, message: "blank line" });
      return;
    }
    if (i === raw.length - 1 && !endsWithNewline) {
      try {
        JSON.parse(t);
      } catch {
        problems.push({
          file: file.name,
          line: i + 1,
          field: null,
          message:
            "the last line is cut off (no newline, not complete JSON): the file may still be being written",
        });
        return;
      }
    }
    lines.push({ line: i + 1, text: t });
  });
  return lines;
}

/**
 * Imports batch output (and error) files into the call log of `projectId`: every line's answer
 * becomes a completed or failed `llm_calls` row, read by the live client's own completion parser,
 * so the stage continues as if the calls had been live. All of it in one transaction, or nothing:
 * a line that is not an output line, an unknown or duplicate `custom_id`, a file of another
 * project or run, a cut-off last line, or (unless `allowMissing`) requests of the answered input
 * files left without a line give a report and change nothing. A line whose request already has
 * its answer is skipped, so importing a file again changes nothing.
 */
export function importBatchOutput(
  db: Db,
  projectId: number,
  files: readonly BatchOutputFile[],
  options: { allowMissing?: boolean } = {},
): BatchImportReport {
  const problems: BatchImportProblem[] = [];
  const parsed: Array<BatchOutputLine & { file: string }> = [];
  if (files.length === 0)
    problems.push({ file: "", line: null, field: null, message: "no file given" });
  for (const file of files) {
    for (const { line, text } of readLines(file, problems)) {
      const p = parseBatchOutputLine(text, line);
      if (p.ok) parsed.push({ ...p.value, file: file.name });
      else problems.push({ file: file.name, ...p.problem });
    }
  }
  const seen = new Map<string, { file: string; line: number }>();
  for (const p of parsed) {
    const first = seen.get(p.customId);
    if (first)
      problems.push({
        file: p.file,
        line: p.line,
        field: "custom_id",
        message: `duplicate custom_id ${short(p.customId)} (first at ${first.file} line ${first.line})`,
      });
    else seen.set(p.customId, { file: p.file, line: p.line });
  }

  const rows = requestRows(db, projectId, [...seen.keys()]);
  const mine = rows.filter((r) => r.projectId === projectId);
  // The run the files answer: the project's newest run with batch files. An output of an older
  // run's files is refused rather than quietly recorded for a run nobody continues.
  const runId =
    db
      .select({ runId: batchJobs.runId })
      .from(batchJobs)
      .where(eq(batchJobs.projectId, projectId))
      .orderBy(desc(batchJobs.runId))
      .limit(1)
      .get()?.runId ?? null;
  const target = new Map<string, RequestRow>();
  for (const r of mine)
    if (r.runId === runId && (!target.has(r.customId) || r.status === "waiting"))
      target.set(r.customId, r);
  for (const p of parsed) {
    if (target.has(p.customId)) continue;
    const other =
      mine.find((r) => r.customId === p.customId) ?? rows.find((r) => r.customId === p.customId);
    const where = !other
      ? "not a request of any batch of this project"
      : other.projectId !== projectId
        ? `a request of project ${other.projectId} (batch #${other.jobId}), not of this project: a file from another project`
        : `a request of run #${other.runId} (batch #${other.jobId}), not of run #${runId}: a file from another run`;
    problems.push({
      file: p.file,
      line: p.line,
      field: "custom_id",
      message: `unknown custom_id ${short(p.customId)}: ${where}`,
    });
  }

  const answered = parsed.filter((p) => target.get(p.customId)?.status === "waiting");
  const alreadyImported = parsed.filter((p) => target.has(p.customId)).length - answered.length;
  // Requests of the input files these lines answer that got no line (OpenAI puts failures in a separate error file).
  const fileIds = [...new Set(answered.map((p) => target.get(p.customId)!.fileId))];
  const answeredIds = new Set(answered.map((p) => p.customId));
  const missingRows = fileIds.length
    ? db
        .select({
          customId: batchRequests.customId,
          line: batchRequests.line,
          file: batchFiles.name,
        })
        .from(batchRequests)
        .innerJoin(batchFiles, eq(batchFiles.id, batchRequests.fileId))
        .where(and(inArray(batchRequests.fileId, fileIds), eq(batchRequests.status, "waiting")))
        .all()
        .filter((r) => !answeredIds.has(r.customId))
    : [];
  // A line that could not be read may be one of the missing: its own problem says it better.
  if (missingRows.length && !options.allowMissing && problems.length === 0) {
    for (const m of missingRows.slice(0, SHOWN)) {
      problems.push({
        file: m.file,
        line: m.line,
        field: "custom_id",
        message: `missing line: request ${short(m.customId)} (input line ${m.line}) has no line in the files given; add its error file, or import what is there with --allow-missing`,
      });
    }
    if (missingRows.length > SHOWN)
      problems.push({
        file: missingRows[SHOWN]!.file,
        line: null,
        field: null,
        message: `… and ${missingRows.length - SHOWN} more missing lines`,
      });
  }

  const errors = parsed
    .filter((p) => p.outcome.kind === "error")
    .slice(0, SHOWN)
    .map((p) => ({
      file: p.file,
      line: p.line,
      customId: p.customId,
      message: p.outcome.kind === "error" ? p.outcome.message : "",
    }));
  // In file order, then line order: the report reads top to bottom like the files.
  const fileOrder = new Map(files.map((f, i) => [f.name, i]));
  problems.sort(
    (a, b) =>
      (fileOrder.get(a.file) ?? files.length) - (fileOrder.get(b.file) ?? files.length) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
  const report = (ok: boolean, imported = 0, failed = 0): BatchImportReport => ({
    ok,
    imported,
    failed,
    alreadyImported,
    missing: missingRows.length,
    problems: problems.slice(0, 200),
    errors,
    runId,
    jobs: runId === null ? [] : waitingPerJob(db, runId),
  });
  if (problems.length) return report(false);

  const config =
    runId === null
      ? null
      : (db.select({ config: runs.config }).from(runs).where(eq(runs.id, runId)).get()?.config as
          PipelineConfig | undefined);
  let failed = 0;
  // Prepared once: one of these per line of a 50,000-line file.
  const setStatus = db.$client.prepare<[string, number, number]>(
    "update batch_requests set status = ?, llm_call_id = ? where id = ?",
  );
  writeTransaction(db, (tx) => {
    for (const p of answered) {
      const r = target.get(p.customId)!;
      const body = JSON.parse(r.body) as ChatRequestBody;
      const prices = config?.llm[r.role] ?? { pricePerMillionInput: 0, pricePerMillionOutput: 0 };
      const batch: BatchOrigin = {
        jobId: r.jobId,
        file: p.file,
        line: p.line,
        ...(p.id ? { id: p.id } : {}),
        ...(p.requestId ? { requestId: p.requestId } : {}),
      };
      // A live call of the same request that completed meanwhile keeps its answer (a stage may have used it).
      const live = findCompleted(db, projectId, r.customId);
      if (live) {
        setStatus.run("imported", live.id, r.id);
        continue;
      }
      const callId = markPending(db, {
        projectId,
        runId: r.runId,
        requestHash: r.customId,
        role: r.role,
        model: body.model,
        endpoint: `batch:${r.jobId}`,
        request: body,
      });
      let ok = false;
      if (p.outcome.kind === "answer") {
        // The live client's own reading of a completion body: the same answers and the same failures.
        const read = parseCompletion(JSON.stringify(p.outcome.body));
        const costUsd = callCostUsd(prices, read.usage);
        if (read.ok) {
          markFinished(db, callId, {
            status: "completed",
            response: {
              attempts: 1,
              content: read.content,
              finishReason: read.finishReason,
              body: read.body,
              batch,
            },
            usage: read.usage,
            latencyMs: 0,
            costUsd,
          });
          ok = true;
        } else {
          markFinished(db, callId, {
            status: "failed",
            response: { attempts: 1, raw: read.raw, body: read.body, batch },
            error: read.error,
            usage: read.usage,
            latencyMs: 0,
            costUsd,
          });
        }
      } else {
        const status = p.outcome.statusCode === null ? "" : `HTTP ${p.outcome.statusCode}: `;
        const code = p.outcome.code ? ` (${p.outcome.code})` : "";
        markFinished(db, callId, {
          status: "failed",
          response: { attempts: 1, batch },
          error: `batch error line: ${status}${p.outcome.message}${code}`,
          usage: { promptTokens: 0, completionTokens: 0 },
          latencyMs: 0,
          costUsd: 0,
        });
      }
      if (!ok) failed++;
      setStatus.run(ok ? "imported" : "failed", callId, r.id);
    }
    for (const fileId of fileIds) {
      const left = tx
        .select({ id: batchRequests.id })
        .from(batchRequests)
        .where(and(eq(batchRequests.fileId, fileId), eq(batchRequests.status, "waiting")))
        .limit(1)
        .get();
      if (!left)
        tx.update(batchFiles)
          .set({ importedAt: new Date() })
          .where(eq(batchFiles.id, fileId))
          .run();
    }
    for (const jobId of new Set(answered.map((p) => target.get(p.customId)!.jobId))) {
      const left = tx
        .select({ id: batchRequests.id })
        .from(batchRequests)
        .where(and(eq(batchRequests.jobId, jobId), eq(batchRequests.status, "waiting")))
        .limit(1)
        .get();
      if (!left)
        tx.update(batchJobs).set({ state: "imported" }).where(eq(batchJobs.id, jobId)).run();
    }
    // TEST ONLY: a crash here, everything written and nothing committed, must leave nothing behind.
    killPoint("batch-import", files[0]?.name ?? "");
  });
  return report(true, answered.length, failed);
}

function requestRows(db: Db, projectId: number, customIds: string[]): RequestRow[] {
  const wanted = new Set(customIds);
  // The project's own requests in one read; only ids it does not know are looked up elsewhere.
  const rows = db.$client
    .prepare<[number], RequestRow>(
      `select r.id, r.job_id as jobId, r.file_id as fileId, r.project_id as projectId, r.custom_id as customId, r.role, r.body, r.status, j.run_id as runId
       from batch_requests r join batch_jobs j on j.id = r.job_id where r.project_id = ?`,
    )
    .all(projectId)
    .filter((r) => wanted.has(r.customId));
  const known = new Set(rows.map((r) => r.customId));
  const strangers = customIds.filter((id) => !known.has(id));
  // SQLite's bound-parameter limit: look the ids up in slices.
  for (let i = 0; i < strangers.length; i += 500) {
    rows.push(
      ...db
        .select({
          id: batchRequests.id,
          jobId: batchRequests.jobId,
          fileId: batchRequests.fileId,
          projectId: batchRequests.projectId,
          customId: batchRequests.customId,
          role: batchRequests.role,
          body: batchRequests.body,
          status: batchRequests.status,
          runId: batchJobs.runId,
        })
        .from(batchRequests)
        .innerJoin(batchJobs, eq(batchJobs.id, batchRequests.jobId))
        .where(inArray(batchRequests.customId, strangers.slice(i, i + 500)))
        .all(),
    );
  }
  return rows;
}

function waitingPerJob(db: Db, runId: number) {
  const jobs = db
    .select({ id: batchJobs.id, stage: batchJobs.stage })
    .from(batchJobs)
    .where(and(eq(batchJobs.runId, runId), ne(batchJobs.state, "imported")))
    .all();
  return jobs.map((j) => ({
    ...j,
    waiting:
      db
        .select({ n: sql<number>`count(*)` })
        .from(batchRequests)
        .where(and(eq(batchRequests.jobId, j.id), eq(batchRequests.status, "waiting")))
        .get()?.n ?? 0,
  }));
}
