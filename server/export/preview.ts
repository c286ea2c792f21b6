import "server-only";
import type { Db } from "@/db/client";
import type { ExportRequestInput } from "@/lib/formats/exportRequest";
import { InvalidInputError } from "../errors";
import { startExport } from "./exportJob";

/** Most lines a preview shows. */
export const PREVIEW_MAX_LINES = 1000;

/**
 * The first `limit` lines of the file this export request would write, byte for byte the same
 * writer and filters, without recording anything. When nothing passes, `emptyReason` names the
 * filter that removed everything.
 */
export async function previewExport(db: Db, request: ExportRequestInput, limit: number) {
  if (!Number.isInteger(limit) || limit < 1 || limit > PREVIEW_MAX_LINES)
    throw new InvalidInputError(`A preview shows 1 to ${PREVIEW_MAX_LINES} lines, not ${limit}.`);
  const job = startExport(db, request);
  const lines: string[] = [];
  // Leaving the loop early closes the scan: a preview reads as many batches as its lines need.
  for await (const chunk of job.chunks()) {
    const text = chunk.toString("utf8");
    for (const line of text.slice(0, -1).split("\n")) {
      lines.push(line);
      if (lines.length === limit) break;
    }
    if (lines.length === limit) break;
  }
  return {
    format: job.format.id,
    kind: job.kind,
    lines,
    emptyReason: lines.length === 0 ? (job.emptyError()?.message ?? null) : null,
  };
}
