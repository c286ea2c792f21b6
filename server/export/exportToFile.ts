import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Db } from "@/db/client";
import type { ExportRequestInput } from "@/lib/formats/exportRequest";
import {
  commitPartialFile,
  partialPathFor,
  removeStalePartials,
  writeFileAtomically,
} from "../atomicFile";
import { startExport, type ExportProgress } from "./exportJob";

/** `data/sft.jsonl` → `data/sft.manifest.json`. */
export function manifestPathFor(outPath: string) {
  return outPath.replace(/(\.jsonl?)?$/i, ".manifest.json");
}

/**
 * Adds this export's entry to dataset_info.json in the file's folder (LLaMA-Factory's dataset_dir
 * layout), keeping every other entry. A file that is not a JSON object is left alone: the entry
 * is in the manifest too, and overwriting a user's registry would lose their datasets.
 */
function registerDatasetInfo(dir: string, entry: Record<string, unknown>): string | null {
  const file = path.join(dir, "dataset_info.json");
  let current: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      current = parsed as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  writeFileAtomically(file, `${JSON.stringify({ ...current, ...entry }, null, 2)}\n`);
  return file;
}

/**
 * Streams an export to `outPath`, writes the manifest beside it, registers LLaMA-Factory formats
 * in dataset_info.json, and records the export. Each of the three files is written under a
 * temporary name, flushed and renamed over the old one (server/atomicFile.ts): a failed or killed
 * export leaves every file with its old content, never a half or empty one. An export with no
 * line throws EmptyExportError and writes nothing unless `allowEmpty`; an empty file is never
 * registered in dataset_info.json.
 */
export async function exportToFile(
  db: Db,
  request: ExportRequestInput,
  outPath: string,
  opts: { onProgress?: ExportProgress; batchSize?: number; allowEmpty?: boolean } = {},
) {
  const target = path.resolve(outPath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const job = startExport(db, request, {
    fileName: path.basename(target),
    onProgress: opts.onProgress,
    batchSize: opts.batchSize,
  });
  removeStalePartials(target);
  const temp = partialPathFor(target);
  try {
    // One batch waits in each stream at most: the next batch is read and encoded while the last
    // is written, and memory stays a few batches whatever the row count.
    await pipeline(
      Readable.from(job.chunks(), { highWaterMark: 1 }),
      fs.createWriteStream(temp, { highWaterMark: 1024 * 1024 }),
    );
    // Nothing passed: no file (a file already under the name is left as it was) unless asked for.
    const empty = opts.allowEmpty ? null : job.emptyError();
    if (empty) throw empty;
    commitPartialFile(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  const { id, manifest } = job.complete(target);
  const manifestPath = manifestPathFor(target);
  writeFileAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const datasetInfoPath = manifest.datasetInfo
    ? registerDatasetInfo(path.dirname(target), manifest.datasetInfo)
    : null;
  return { id, manifest, filePath: target, manifestPath, datasetInfoPath };
}
