import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { exports } from "@/db/schema";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import { datasetInfoEntry, datasetName } from "@/lib/formats/datasetInfo";
import { exportRequestSchema, type ExportRequestInput } from "@/lib/formats/exportRequest";
import { formatById } from "@/lib/formats/formats";
import { lineFrames, type FrameSlot } from "@/lib/formats/lineFrame";
import type { ExportManifest } from "@/lib/formats/manifest";
import { NGRAM_SIZE } from "@/lib/formats/ngrams";
import { emptyExportReason } from "@/lib/formats/emptyExport";
import { issueMessage } from "@/lib/schemas/issueMessage";
import { InvalidInputError } from "../errors";
import { killPoint } from "../killPoints";
import { getProject } from "../services/projects";
import { loadBenchmarkIndex } from "./benchmarks";
import {
  TOOL_VERSION,
  compoundConstraints,
  guidelinesFacts,
  promptVersions,
  reviewFacts,
  runFacts,
  verifierFacts,
} from "./manifestFacts";
import { getSplit } from "../services/splits";
import {
  countItems,
  countSteps,
  heldOutInstructions,
  scanExportRows,
  type ExportSourceRow,
} from "./rowQuery";

const MAX_EXAMPLES = 200;

/** An export that would write no line, refused unless an empty file was asked for; the message names the filter that removed everything. */
export class EmptyExportError extends InvalidInputError {}

/** A default file name: project, kind, format and time, safe on every file system. */
export function defaultExportFileName(projectName: string, format: string, now = new Date()) {
  const slug =
    projectName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "project";
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  return `${slug}-${format}-${stamp}.jsonl`;
}

/** Rows written so far, items of the project scanned so far, and the project's items in all. */
export type ExportProgress = (written: number, scanned: number, total: number) => void;

/**
 * An export in progress. `chunks()` yields the JSONL file as byte chunks, one database batch at a
 * time, counting and hashing as it goes; `complete()` then writes the manifest into `exports`.
 * Nothing holds more than one batch, so memory stays flat whatever the row count.
 */
export function startExport(
  db: Db,
  input: ExportRequestInput,
  opts: { fileName?: string; batchSize?: number; onProgress?: ExportProgress } = {},
) {
  const parsed = exportRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({
      field: i.path.map(String).join("."),
      message: issueMessage(i),
    }));
    throw new InvalidInputError(
      problems.map((p) => `${p.field}: ${p.message}`).join("; "),
      problems,
    );
  }
  const request = parsed.data;
  const project = getProject(db, request.projectId);
  const format = formatById(request.format)!;
  const kind = format.kind;
  // Read once: the file, its counts and its manifest all name the same held-out instructions.
  const split = getSplit(db, project.id);
  const heldOut = heldOutInstructions(db, project.id);
  const steps = countSteps(kind, request.filters, heldOut);
  const stepRows = steps.map(() => 0);
  const total = countItems(db, project.id, kind);
  const bench = loadBenchmarkIndex(db, project.id, request.contamination.benchmarkIds);
  const checking = bench.files.length > 0;
  const fileName = opts.fileName ?? defaultExportFileName(project.name, format.id);

  const hash = createHash("sha256");
  let bytes = 0;
  /** Items that passed every filter (and the contamination check); `lines` is what the file holds. */
  let written = 0;
  let lines = 0;
  let matches = 0;
  const examples: NonNullable<ExportManifest["contamination"]>["examples"] = [];
  const rowsByRun = new Map<number, number>();
  let rowsWithoutRun = 0;
  const instructionIds = new Set<number>();
  // Compound instructions carry their constraint list in the manifest, with the lines that hold them.
  const compounds = compoundConstraints(db, project.id);
  const compoundLines = new Map<number, number[]>();
  let finished = false;

  const system = request.systemPrompt === "" ? null : request.systemPrompt;
  const frames = lineFrames(format, { system }).map((f) => ({
    emits: f.emits,
    pieces: f.pieces.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p.slot)),
  }));
  const newline = Buffer.from("\n");
  const slotBytes = (slot: FrameSlot, row: ExportSourceRow, prompt: Buffer) =>
    slot === "prompt" ? prompt : slot === "rejected" ? row.rejected! : row.text;

  async function* chunks(): AsyncGenerator<Buffer> {
    let scanned = 0;
    let handedOver = 0;
    // A sample's K responses (and its pairs) are neighbours in id order and share one prompt:
    // build, check and quote it once per sample. An unpaired format writes each response of the
    // sample once, however many of its pairs it is in.
    let sampleId = -1;
    let quotedPrompt = Buffer.alloc(0);
    let hit: number | null = null;
    const emitted = new Set<number>();
    for (const batch of scanExportRows(
      db,
      project.id,
      kind,
      request.filters,
      opts.batchSize,
      heldOut,
    )) {
      scanned += batch.scanned;
      stepRows[0]! += batch.scanned;
      batch.stepCounts.forEach((n, k) => (stepRows[k + 1]! += n));
      const parts: Buffer[] = [];
      let size = 0;
      for (const row of batch.rows) {
        if (row.sampleId !== sampleId) {
          sampleId = row.sampleId;
          const prompt = sftPrompt(row.query, row.instruction);
          hit = checking ? bench.index.firstMatch(prompt) : null;
          quotedPrompt = Buffer.from(JSON.stringify(prompt), "utf8");
          emitted.clear();
        }
        if (checking) {
          if (hit !== null) {
            matches++;
            const excluded = request.contamination.action === "exclude";
            if (examples.length < MAX_EXAMPLES) {
              const o = bench.origin[hit]!;
              examples.push({
                line: excluded ? null : lines + 1,
                itemId: row.itemId,
                benchmark: bench.files[o.file]!.name,
                benchmarkLine: o.line,
              });
            }
            if (excluded) continue;
          }
        }
        for (const frame of frames) {
          if (frame.emits !== null) {
            const id = frame.emits === "chosen" ? row.chosenId! : row.rejectedId!;
            if (emitted.has(id)) continue;
            emitted.add(id);
          }
          for (const piece of frame.pieces) {
            const bytes = Buffer.isBuffer(piece) ? piece : slotBytes(piece, row, quotedPrompt);
            parts.push(bytes);
            size += bytes.byteLength;
          }
          parts.push(newline);
          size += 1;
          lines++;
          if (compounds.has(row.instructionId)) {
            const at = compoundLines.get(row.instructionId) ?? [];
            at.push(lines);
            compoundLines.set(row.instructionId, at);
          }
        }
        written++;
        if (row.runId === null) rowsWithoutRun++;
        else rowsByRun.set(row.runId, (rowsByRun.get(row.runId) ?? 0) + 1);
        instructionIds.add(row.instructionId);
      }
      const chunk = Buffer.concat(parts, size);
      hash.update(chunk);
      bytes += chunk.byteLength;
      opts.onProgress?.(lines, scanned, total);
      if (chunk.byteLength > 0) {
        yield chunk;
        killPoint("export", ++handedOver);
      }
    }
    finished = true;
  }

  /** Rows left after each filter step so far (all of them once `chunks()` is drained), and the contamination check's. */
  function counts(): ExportManifest["counts"] {
    return [
      ...steps.map((s, k) => ({ ...s, rows: stepRows[k]! })),
      ...(checking
        ? [
            {
              step: "contamination",
              label: `${request.contamination.action === "exclude" ? "without" : "flagged, kept:"} ${matches} benchmark 13-gram match(es)`,
              rows: written,
            },
          ]
        : []),
    ];
  }

  /** Builds the manifest of the finished file and records the export; call after `chunks()` is drained. */
  function complete(filePath: string | null) {
    if (!finished) throw new Error("complete() before the export was fully written");
    const dsName = datasetName(fileName);
    // An empty file is never offered for registration with LLaMA-Factory.
    const entry =
      lines > 0 ? datasetInfoEntry(format, fileName, { system: system !== null }) : null;
    const manifest: ExportManifest = {
      manifestVersion: 1,
      tool: { name: "autoif-studio", version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      project: { id: project.id, name: project.name, preset: project.preset },
      kind,
      format: format.id,
      file: { name: fileName, rows: lines, bytes, sha256: hash.digest("hex") },
      systemPrompt: system,
      filters: request.filters,
      counts: counts(),
      runs: runFacts(db, rowsByRun),
      rowsWithoutRun,
      promptVersions: promptVersions(),
      verifiers: verifierFacts(db, instructionIds),
      compounds: [...compoundLines].map(([id, at]) => ({ ...compounds.get(id)!, lines: at })),
      review: reviewFacts(db, project.id, kind),
      guidelines: guidelinesFacts(db, project.id),
      split:
        split && heldOut
          ? {
              seed: split.seed,
              testFraction: split.testFraction,
              version: split.version,
              heldOutInstructions: heldOut.length,
            }
          : null,
      contamination: checking
        ? {
            action: request.contamination.action,
            ngram: NGRAM_SIZE,
            benchmarks: bench.files.map((f) => ({
              id: f.id,
              name: f.name,
              sha256: f.sha256,
              prompts: f.promptCount,
            })),
            matches,
            examples,
          }
        : null,
      datasetInfo: entry ? { [dsName]: entry } : null,
    };
    const row = db
      .insert(exports)
      .values({
        projectId: project.id,
        kind,
        format: format.id,
        filters: {
          filters: request.filters,
          contamination: request.contamination,
          systemPrompt: system,
        },
        rowCount: lines,
        filePath,
        fileSha256: manifest.file.sha256,
        manifest,
      })
      .returning({ id: exports.id })
      .get();
    return { id: row.id, manifest };
  }

  /** After `chunks()` is drained: the error to raise when the file would be empty, else null. */
  function emptyError(): EmptyExportError | null {
    if (lines > 0) return null;
    return new EmptyExportError(
      emptyExportReason(counts(), kind) ?? "Nothing to export: no row passed the filters.",
    );
  }

  return {
    kind,
    format,
    fileName,
    total,
    chunks,
    complete,
    counts,
    emptyError,
    lines: () => lines,
  };
}

export type ExportJob = ReturnType<typeof startExport>;
