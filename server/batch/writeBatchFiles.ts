import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { batchFiles, batchJobs, projects } from "@/db/schema";
import { BATCH_MAX_BYTES, BATCH_MAX_LINES, BATCH_URL } from "@/lib/formats/openaiBatch";
import { commitPartialFile, partialPathFor } from "../atomicFile";
import { InvalidInputError } from "../errors";
import { defaultBatchDir, jobFileTexts } from "./batchJobs";

// Writes files: used by the command line and the run process only, never bundled into the studio's pages.

/**
 * Writes a job's input files and `manifest.json` to `dir` (default: beside the database), each
 * through a temporary name and a rename; returns the folder and the manifest.
 */
export function writeBatchFiles(
  db: Db,
  jobId: number,
  dir?: string,
): { dir: string; manifest: BatchManifest } {
  const job = db.select().from(batchJobs).where(eq(batchJobs.id, jobId)).get();
  if (!job) throw new InvalidInputError(`Batch #${jobId} does not exist.`);
  const target = path.resolve(dir ?? job.dir ?? defaultBatchDir(db, job.projectId, job.id));
  fs.mkdirSync(target, { recursive: true });
  const written: BatchManifest["files"] = [];
  for (const f of jobFileTexts(db, jobId)) {
    const sha256 = createHash("sha256").update(f.text).digest("hex");
    if (sha256 !== f.sha256)
      throw new Error(
        `batch #${jobId} file ${f.name}: rebuilt text differs from what was recorded`,
      );
    const file = path.join(target, f.name);
    const partial = partialPathFor(file);
    fs.writeFileSync(partial, f.text);
    commitPartialFile(partial, file);
    written.push({ name: f.name, lines: f.lines, bytes: Buffer.byteLength(f.text), sha256 });
  }
  const manifest = batchManifest(db, jobId, written);
  const file = path.join(target, "manifest.json");
  const partial = partialPathFor(file);
  fs.writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`);
  commitPartialFile(partial, file);
  return { dir: target, manifest };
}

/** What `manifest.json` beside a job's files says: whose requests these are and how to run them. */
export interface BatchManifest {
  format: "openai-batch-input";
  endpoint: typeof BATCH_URL;
  project: { id: number; name: string };
  runId: number;
  batchId: number;
  stage: string;
  createdAt: string;
  limits: { maxLines: number; maxBytes: number };
  files: Array<{
    name: string;
    lines: number;
    bytes: number;
    sha256: string;
    role?: string;
    model?: string;
  }>;
  customId: string;
  run: string;
  import: string;
}

function batchManifest(db: Db, jobId: number, written: BatchManifest["files"]): BatchManifest {
  const job = db.select().from(batchJobs).where(eq(batchJobs.id, jobId)).get()!;
  const project = db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(eq(projects.id, job.projectId))
    .get()!;
  const meta = new Map(
    db
      .select()
      .from(batchFiles)
      .where(eq(batchFiles.jobId, jobId))
      .all()
      .map((f) => [f.name, f]),
  );
  return {
    format: "openai-batch-input",
    endpoint: BATCH_URL,
    project,
    runId: job.runId,
    batchId: job.id,
    stage: job.stage,
    createdAt: job.createdAt.toISOString(),
    limits: { maxLines: BATCH_MAX_LINES, maxBytes: BATCH_MAX_BYTES },
    files: written.map((f) => ({
      ...f,
      role: meta.get(f.name)?.role,
      model: meta.get(f.name)?.model,
    })),
    customId:
      "sha256 of the request body (model, messages, temperature, max_tokens, seed): the studio's call-log key",
    run: "vllm run-batch -i <file> -o <file>.out.jsonl --model <model>, or an OpenAI-compatible Batch API (npm run autoif -- batch submit)",
    import: `npm run autoif -- batch import --project ${project.id} <output files...> (or the Runs page)`,
  };
}
