import "server-only";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { toFile } from "openai";
import type { Db } from "@/db/client";
import { batchFiles, batchJobs } from "@/db/schema";
import { BATCH_URL } from "@/lib/formats/openaiBatch";
import { ConflictError } from "../errors";
import { createSdk, resolveRoleEndpoint, type LlmEnvironment } from "../llm/endpoint";
import { getRun } from "../pipeline/runs";
import { batchFileText } from "./batchJobs";
import { importBatchOutput, type BatchImportReport } from "./importBatch";

/** Batch states after which the API changes nothing more (OpenAI's Batch object). */
const TERMINAL = new Set(["completed", "failed", "expired", "cancelled"]);

interface ApiOptions {
  environment?: LlmEnvironment;
  fetch?: typeof fetch;
}

function sdkFor(db: Db, runId: number, role: "generator" | "judge", options: ApiOptions) {
  const endpoint = resolveRoleEndpoint(
    role,
    getRun(db, runId).config.llm[role],
    options.environment,
  );
  // Uploads and downloads of up to 200 MB need longer than one chat call's time-out.
  return {
    endpoint,
    sdk: createSdk(endpoint, {
      fetch: options.fetch,
      timeoutMs: 600_000,
      maxResponseBytes: 1024 * 1024 * 1024,
    }),
  };
}

/**
 * Submits every waiting input file of the run's batch jobs that was not submitted yet to its
 * role's OpenAI-compatible Batch API: uploads it (`POST /files`, purpose `batch`) and creates a
 * batch on it (`POST /batches`, 24h window). The ids are recorded on the file, so a second
 * submit sends nothing twice (except a file whose batch failed: nothing of it was processed).
 */
export async function submitBatchJob(db: Db, runId: number, options: ApiOptions = {}) {
  const files = db
    .select({
      id: batchFiles.id,
      jobId: batchFiles.jobId,
      name: batchFiles.name,
      role: batchFiles.role,
      apiBatchId: batchFiles.apiBatchId,
      apiStatus: batchFiles.apiStatus,
    })
    .from(batchFiles)
    .innerJoin(batchJobs, eq(batchJobs.id, batchFiles.jobId))
    .where(
      and(
        eq(batchJobs.runId, runId),
        eq(batchJobs.state, "waiting"),
        isNull(batchFiles.importedAt),
      ),
    )
    .all();
  if (files.length === 0)
    throw new ConflictError(`Run #${runId} has no batch files waiting for answers.`);
  const submitted: Array<{ file: string; batchId: string; status: string }> = [];
  for (const f of files) {
    // A batch the API failed (its validation, say) processed nothing: the file is sent again.
    if (f.apiBatchId && f.apiStatus !== "failed") {
      submitted.push({ file: f.name, batchId: f.apiBatchId, status: f.apiStatus ?? "submitted" });
      continue;
    }
    const { endpoint, sdk } = sdkFor(db, runId, f.role, options);
    const upload = await sdk.files.create({
      file: await toFile(Buffer.from(batchFileText(db, f.jobId, f.name)), f.name, {
        type: "application/jsonl",
      }),
      purpose: "batch",
    });
    const batch = await sdk.batches.create({
      input_file_id: upload.id,
      endpoint: BATCH_URL,
      completion_window: "24h",
      metadata: { autoif_run: String(runId), autoif_batch: String(f.jobId), autoif_file: f.name },
    });
    db.update(batchFiles)
      .set({
        apiBaseUrl: endpoint.baseUrl,
        apiInputFileId: upload.id,
        apiBatchId: batch.id,
        apiStatus: batch.status,
      })
      .where(eq(batchFiles.id, f.id))
      .run();
    submitted.push({ file: f.name, batchId: batch.id, status: batch.status });
  }
  return submitted;
}

/**
 * Asks the Batch API once about every submitted file of the run not yet imported; a completed
 * (or expired, with what it finished) batch's output and error files are downloaded and imported
 * together. `done` once nothing submitted is left to wait for.
 */
export async function fetchBatchResults(
  db: Db,
  runId: number,
  options: ApiOptions = {},
): Promise<{
  done: boolean;
  files: Array<{ file: string; status: string }>;
  report: BatchImportReport | null;
}> {
  const run = getRun(db, runId);
  const files = db
    .select({
      id: batchFiles.id,
      name: batchFiles.name,
      role: batchFiles.role,
      apiBatchId: batchFiles.apiBatchId,
    })
    .from(batchFiles)
    .innerJoin(batchJobs, eq(batchJobs.id, batchFiles.jobId))
    .where(
      and(
        eq(batchJobs.runId, runId),
        isNotNull(batchFiles.apiBatchId),
        isNull(batchFiles.importedAt),
      ),
    )
    .all();
  const out: Array<{ file: string; status: string }> = [];
  let report: BatchImportReport | null = null;
  let done = true;
  for (const f of files) {
    const { sdk } = sdkFor(db, runId, f.role, options);
    const batch = await sdk.batches.retrieve(f.apiBatchId!);
    db.update(batchFiles).set({ apiStatus: batch.status }).where(eq(batchFiles.id, f.id)).run();
    out.push({ file: f.name, status: batch.status });
    if (!TERMINAL.has(batch.status)) {
      done = false;
      continue;
    }
    const downloads = [];
    for (const [suffix, fileId] of [
      ["output", batch.output_file_id],
      ["error", batch.error_file_id],
    ] as const) {
      if (!fileId) continue;
      const text = await (await sdk.files.content(fileId)).text();
      if (text.length)
        downloads.push({ name: `${f.name.replace(/\.jsonl$/, "")}.${suffix}.jsonl`, text });
    }
    if (downloads.length === 0) continue;
    // A batch that ended early (expired, cancelled) answered only part of its file: import what is there.
    report = importBatchOutput(db, run.projectId, downloads, {
      allowMissing: batch.status !== "completed",
    });
    if (!report.ok) return { done: true, files: out, report };
  }
  return { done, files: out, report };
}
