import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { Db } from "@/db/client";
import { instructionOfSample } from "@/db/projectScope";
import { exports, instructions, queries, samples } from "@/db/schema";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import { systemPromptSchema } from "@/lib/formats/exportRequest";
import { instructionKey } from "@/lib/rl/instructionKey";
import { REWARD_FUNCTION_FILES, rewardFunctionFile } from "@/lib/rl/rewardFunctions";
import {
  RLVR_FORMAT_IDS,
  rlvrFormatById,
  VERL_ABILITY,
  VERL_DATA_SOURCE,
  type RlvrFormat,
  type RlvrFormatId,
  type RlvrManifest,
} from "@/lib/rl/rlvrFormats";
import { splitSide } from "@/lib/rl/split";
import { writeFileAtomically } from "../atomicFile";
import { InvalidInputError } from "../errors";
import { EmptyExportError, defaultExportFileName } from "../export/exportJob";
import { TOOL_VERSION } from "../export/manifestFacts";
import { currentFunctions } from "../pipeline/currentVerifiers";
import { getProject } from "../services/projects";
import { getSplit } from "../services/splits";

export interface RlvrExportRequest {
  projectId: number;
  format: RlvrFormatId | string;
  systemPrompt?: string;
  /** exclude-rejected (default): instructions kept by the pipeline or approved, not rejected; approved-only: reviewer-approved only. */
  review?: "exclude-rejected" | "approved-only";
  /** The reward server the reward function calls by default. */
  rewardUrl?: string;
}

/** `autoif rewards serve`'s default address: what the reward functions call unless told otherwise. */
export const DEFAULT_REWARD_URL = "http://127.0.0.1:8765/";

interface PromptRow {
  key: string;
  number: number;
  instruction: string;
  query: string;
  prompt: string;
}

type Message = { role: "system" | "user"; content: string };

function validRequest(request: RlvrExportRequest) {
  const format = rlvrFormatById(request.format);
  if (!format)
    throw new InvalidInputError(
      `format: "${request.format}" is not an RLVR format (${RLVR_FORMAT_IDS.join(", ")}).`,
      [{ field: "format", message: "unknown RLVR format" }],
    );
  const system = systemPromptSchema.safeParse(request.systemPrompt ?? "");
  if (!system.success)
    throw new InvalidInputError(`systemPrompt: ${system.error.issues[0]!.message}`, [
      { field: "systemPrompt", message: system.error.issues[0]!.message },
    ]);
  const review = request.review ?? "exclude-rejected";
  if (review !== "exclude-rejected" && review !== "approved-only")
    throw new InvalidInputError(
      `review: "${String(review)}" is not exclude-rejected or approved-only.`,
    );
  const rewardUrl = request.rewardUrl ?? DEFAULT_REWARD_URL;
  try {
    const url = new URL(rewardUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
  } catch {
    throw new InvalidInputError(`rewardUrl: "${rewardUrl}" is not an http(s) URL.`, [
      { field: "rewardUrl", message: "not an http(s) URL" },
    ]);
  }
  return { format, system: system.data === "" ? null : system.data, review, rewardUrl };
}

/**
 * The prompts of an RLVR export and the counts of each step: every (instruction, query) sample of
 * the project whose instruction is kept by the pipeline or approved (approved only, if asked), not
 * rejected, with at least one kept verifier no reviewer rejected, and on the train side of the split.
 */
function collectRows(db: Db, projectId: number, review: "exclude-rejected" | "approved-only") {
  const split = getSplit(db, projectId);
  const all = db
    .select({
      id: instructions.id,
      number: instructions.number,
      text: instructions.text,
      hash: instructions.normalizedHash,
      pipelineStatus: instructions.pipelineStatus,
      reviewStatus: instructions.reviewStatus,
      query: queries.text,
      queryId: queries.id,
    })
    .from(samples)
    .innerJoin(instructions, instructionOfSample(projectId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .orderBy(asc(instructions.id), asc(queries.id))
    .all();
  const eligible = (i: (typeof all)[number]) =>
    i.reviewStatus !== "rejected" &&
    (review === "approved-only"
      ? i.reviewStatus === "approved"
      : i.pipelineStatus === "kept" || i.reviewStatus === "approved");
  const verifiersOf = new Map<number, Array<{ id: number; version: number; language: string }>>();
  const usable = (id: number) => {
    let list = verifiersOf.get(id);
    if (!list) {
      list = currentFunctions(db, id)
        .filter((f) => f.pipelineStatus === "kept" && f.reviewStatus !== "rejected")
        .map((f) => ({ id: f.id, version: f.version, language: f.language }));
      verifiersOf.set(id, list);
    }
    return list.length > 0;
  };
  const step1 = all.filter(eligible);
  const step2 = step1.filter((i) => usable(i.id));
  const heldOut = new Set(
    split ? step2.filter((i) => splitSide(split, i.hash) === "test").map((i) => i.id) : [],
  );
  const step3 = step2.filter((i) => !heldOut.has(i.id));
  const counts = [
    { step: "all", label: "instruction x query samples in the project", rows: all.length },
    {
      step: "instruction",
      label:
        review === "approved-only"
          ? "instruction reviewer-approved"
          : "instruction kept by the pipeline or approved, not rejected",
      rows: step1.length,
    },
    {
      step: "verifiers",
      label: "instruction has a kept verifier no reviewer rejected",
      rows: step2.length,
    },
    ...(split
      ? [
          {
            step: "split",
            label: `train split (${heldOut.size} held-out test instruction${heldOut.size === 1 ? "" : "s"} left out)`,
            rows: step3.length,
          },
        ]
      : []),
  ];
  const allHeldOut = split
    ? new Set(all.filter((i) => splitSide(split, i.hash) === "test").map((i) => i.id))
    : new Set<number>();
  const rows: PromptRow[] = step3.map((i) => ({
    key: instructionKey(i.number ?? i.id, i.hash),
    number: i.number ?? i.id,
    instruction: i.text,
    query: i.query,
    prompt: sftPrompt(i.query, i.text),
  }));
  const perInstruction = new Map<
    string,
    {
      key: string;
      number: number;
      rows: number;
      verifiers: Array<{ id: number; version: number; language: string }>;
    }
  >();
  step3.forEach((i, k) => {
    const key = rows[k]!.key;
    const entry = perInstruction.get(key) ?? {
      key,
      number: rows[k]!.number,
      rows: 0,
      verifiers: verifiersOf.get(i.id)!,
    };
    entry.rows++;
    perInstruction.set(key, entry);
  });
  return {
    rows,
    counts,
    split: split
      ? {
          seed: split.seed,
          testFraction: split.testFraction,
          version: split.version,
          heldOutInstructions: allHeldOut.size,
        }
      : null,
    instructions: [...perInstruction.values()],
  };
}

const chat = (system: string | null, prompt: string): Message[] => [
  ...(system === null ? [] : [{ role: "system" as const, content: system }]),
  { role: "user" as const, content: prompt },
];

/** The verl parquet: nested columns in parquet's standard LIST and struct layout, as pyarrow writes them. */
function verlParquet(rows: PromptRow[], system: string | null): Uint8Array {
  const str = (name: string) => ({
    name,
    type: "BYTE_ARRAY" as const,
    converted_type: "UTF8" as const,
    repetition_type: "OPTIONAL" as const,
  });
  // Field order as verl's own examples/data_preprocess scripts build the rows.
  const schema = [
    { name: "root", num_children: 5 },
    str("data_source"),
    {
      name: "prompt",
      repetition_type: "OPTIONAL" as const,
      converted_type: "LIST" as const,
      num_children: 1,
    },
    { name: "list", repetition_type: "REPEATED" as const, num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL" as const, num_children: 2 },
    str("role"),
    str("content"),
    str("ability"),
    { name: "reward_model", repetition_type: "OPTIONAL" as const, num_children: 2 },
    str("style"),
    str("ground_truth"),
    { name: "extra_info", repetition_type: "OPTIONAL" as const, num_children: 6 },
    str("split"),
    { name: "index", type: "INT64" as const, repetition_type: "OPTIONAL" as const },
    str("instruction_key"),
    { name: "instruction_number", type: "INT64" as const, repetition_type: "OPTIONAL" as const },
    str("instruction"),
    str("query"),
  ];
  const buffer = parquetWriteBuffer({
    schema,
    columnData: [
      { name: "data_source", data: rows.map(() => VERL_DATA_SOURCE) },
      { name: "prompt", data: rows.map((r) => chat(system, r.prompt)) },
      { name: "ability", data: rows.map(() => VERL_ABILITY) },
      { name: "reward_model", data: rows.map((r) => ({ style: "rule", ground_truth: r.key })) },
      {
        name: "extra_info",
        data: rows.map((r, index) => ({
          split: "train",
          index: BigInt(index),
          instruction_key: r.key,
          instruction_number: BigInt(r.number),
          instruction: r.instruction,
          query: r.query,
        })),
      },
    ],
    createdBy: `autoif-studio ${TOOL_VERSION}`,
  });
  return new Uint8Array(buffer);
}

function jsonl(format: RlvrFormat, rows: PromptRow[], system: string | null): Uint8Array {
  const field = format.id === "openrlhf" ? "input" : "prompt";
  const text = rows
    .map((r) => `${JSON.stringify({ [field]: chat(system, r.prompt), label: r.key })}\n`)
    .join("");
  return new TextEncoder().encode(text);
}

/** The file name with the format's extension (a .jsonl name for verl becomes .parquet). */
function withExtension(name: string, format: RlvrFormat) {
  return name.replace(/\.(jsonl?|parquet)$/i, "") + `.${format.extension}`;
}

/**
 * Builds an RLVR export in memory (prompts are few: instructions x queries, not responses): the
 * file's bytes, its manifest, and the reward function that goes beside it. `record` writes the
 * export into the project's history.
 */
export function buildRlvrExport(
  db: Db,
  request: RlvrExportRequest,
  opts: { fileName?: string } = {},
) {
  const { format, system, review, rewardUrl } = validRequest(request);
  const project = getProject(db, request.projectId);
  const fileName = withExtension(
    opts.fileName ?? defaultExportFileName(project.name, format.id),
    format,
  );
  const collected = collectRows(db, project.id, review);
  const bytes =
    format.id === "verl"
      ? verlParquet(collected.rows, system)
      : jsonl(format, collected.rows, system);
  const functionFile = REWARD_FUNCTION_FILES[format.rewardFunction];
  const manifest: RlvrManifest = {
    manifestVersion: 1,
    tool: { name: "autoif-studio", version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    project: { id: project.id, name: project.name, preset: project.preset },
    kind: "rlvr",
    format: format.id,
    file: {
      name: fileName,
      rows: collected.rows.length,
      bytes: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    },
    systemPrompt: system,
    review,
    counts: collected.counts,
    split: collected.split,
    instructions: collected.instructions,
    reward: {
      url: rewardUrl,
      functionFile,
      errorCounting: project.config.execute.errorCounting,
      mode: "pass-rate",
      thinkStripped: true,
      note: "The reward is the share of the instruction's kept, not rejected verifiers the response passes, counted by the project's rule when the server scores it (its verifiers then, which may be newer than the versions above). A leading <think>...</think> section is stripped first; URL options ?mode=all-or-nothing and ?think=keep change that.",
    },
  };
  const rewardFunction = {
    name: functionFile,
    text: rewardFunctionFile(format.rewardFunction, {
      projectName: project.name,
      rewardUrl,
      exportFile: fileName,
    }),
  };
  const emptied = collected.counts.find((c) => c.rows === 0);
  const emptyReason =
    collected.rows.length > 0
      ? null
      : `Nothing to export: no prompt is left after the step "${emptied?.label ?? "all"}".`;
  const record = (filePath: string | null) =>
    db
      .insert(exports)
      .values({
        projectId: project.id,
        kind: "rlvr",
        format: format.id,
        filters: { review, systemPrompt: system, rewardUrl },
        rowCount: collected.rows.length,
        filePath,
        fileSha256: manifest.file.sha256,
        manifest,
      })
      .returning({ id: exports.id })
      .get().id;
  return { format, fileName, bytes, manifest, rewardFunction, emptyReason, record };
}

/** `data/verl.parquet` → `data/verl.manifest.json`. */
export function rlvrManifestPathFor(filePath: string) {
  return filePath.replace(/\.(jsonl?|parquet)$/i, "") + ".manifest.json";
}

/**
 * Writes an RLVR export: the file, its manifest beside it, and the trainer's reward function in the
 * same folder, each whole or not at all (written under a temporary name and renamed). An export with
 * no prompt writes nothing (EmptyExportError naming the step that removed everything) unless allowEmpty.
 */
export function rlvrExportToFile(
  db: Db,
  request: RlvrExportRequest,
  outPath: string,
  opts: { allowEmpty?: boolean } = {},
) {
  const job = buildRlvrExport(db, request, { fileName: path.basename(outPath) });
  if (job.emptyReason && !opts.allowEmpty) throw new EmptyExportError(job.emptyReason);
  const filePath = path.join(path.dirname(path.resolve(outPath)), job.fileName);
  writeFileAtomically(filePath, job.bytes);
  const manifestPath = rlvrManifestPathFor(filePath);
  const rewardFunctionPath = path.join(path.dirname(filePath), job.rewardFunction.name);
  writeFileAtomically(rewardFunctionPath, job.rewardFunction.text);
  const id = job.record(filePath);
  writeFileAtomically(manifestPath, `${JSON.stringify(job.manifest, null, 2)}\n`);
  return { id, manifest: job.manifest, filePath, manifestPath, rewardFunctionPath };
}
