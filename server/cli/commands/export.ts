import "server-only";
import type { Db } from "@/db/client";
import fs from "node:fs";
import path from "node:path";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { rlvrFormatById } from "@/lib/rl/rlvrFormats";
import { rlvrExportToFile } from "../../rl/rlvrExport";
import { registerBenchmark } from "../../export/benchmarks";
import { exportToFile } from "../../export/exportToFile";
import { previewExport } from "../../export/preview";
import { InvalidInputError } from "../../errors";
import { findProject, printTable, withCliDb } from "../context";
import { exportProgressBar } from "../exportProgressBar";

export interface ExportOptions {
  project: string;
  format: string;
  out?: string;
  preview?: string;
  systemPrompt?: string;
  allowEmpty?: boolean;
  pipeline?: string;
  review?: string;
  instructionStatus?: string;
  minScore?: string;
  maxScore?: string;
  minPassRate?: string;
  maxPassRate?: string;
  benchmark?: string[];
  benchmarkField?: string;
  contamination?: string;
  rewardUrl?: string;
  json?: boolean;
  quiet?: boolean;
}

function num(flag: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n))
    throw new InvalidInputError(`${flag} must be a number, got "${v}".`);
  return n;
}

/** An RLVR export: prompts with instruction keys, the manifest and the trainer's reward function. */
function rlvrExportCommand(db: Db, projectId: number, opts: ExportOptions) {
  const unused = (
    ["preview", "minScore", "maxScore", "minPassRate", "maxPassRate", "benchmark"] as const
  ).filter((k) => opts[k] !== undefined);
  if (
    unused.length > 0 ||
    (opts.pipeline ?? "kept") !== "kept" ||
    (opts.instructionStatus ?? "kept") !== "kept"
  ) {
    throw new InvalidInputError(
      `--format ${opts.format} writes prompts, not responses: the response filters (${[...unused, ...(opts.pipeline !== "kept" ? ["pipeline"] : []), ...(opts.instructionStatus !== "kept" ? ["instruction-status"] : [])].join(", ")}) do not apply; --review, --system-prompt and --reward-url do.`,
    );
  }
  if (!opts.out) throw new InvalidInputError("Say where to write the file: --out <file>.");
  const review = opts.review === "approved-only" ? "approved-only" : "exclude-rejected";
  const result = rlvrExportToFile(
    db,
    {
      projectId,
      format: opts.format,
      systemPrompt: opts.systemPrompt,
      review,
      rewardUrl: opts.rewardUrl,
    },
    opts.out,
    { allowEmpty: opts.allowEmpty },
  );
  const m = result.manifest;
  if (opts.json) {
    console.log(
      JSON.stringify(
        {
          id: result.id,
          file: result.filePath,
          manifestFile: result.manifestPath,
          rewardFunctionFile: result.rewardFunctionPath,
          manifest: m,
        },
        null,
        2,
      ),
    );
  } else if (!opts.quiet) {
    printTable(
      ["step", "prompts"],
      m.counts.map((c) => [c.label, c.rows]),
    );
    console.log("");
    console.log(
      `${m.file.rows} prompts of ${m.instructions.length} instructions, ${m.file.bytes} bytes → ${result.filePath}`,
    );
    console.log(`sha256 ${m.file.sha256}`);
    console.log(`manifest → ${result.manifestPath}`);
    console.log(
      `reward function → ${result.rewardFunctionPath} (calls ${m.reward.url}; start it with: npm run autoif -- rewards serve --project ${projectId})`,
    );
  }
}

export async function exportCommand(opts: ExportOptions) {
  return withCliDb(async (db) => {
    const project = findProject(db, opts.project);
    if (rlvrFormatById(opts.format)) return rlvrExportCommand(db, project.id, opts);
    const parsed = exportFiltersSchema.safeParse({
      pipeline: opts.pipeline,
      review: opts.review,
      instructionStatus: opts.instructionStatus?.split(",").map((s) => s.trim()),
      minScore: num("--min-score", opts.minScore),
      maxScore: num("--max-score", opts.maxScore),
      minPassRate: num("--min-pass-rate", opts.minPassRate),
      maxPassRate: num("--max-pass-rate", opts.maxPassRate),
    });
    if (!parsed.success)
      throw new InvalidInputError(
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      );
    // A benchmark file given here is registered with the project (once per content), so the
    // studio lists it too and later exports can name it.
    const benchmarkIds = (opts.benchmark ?? []).map((file) => {
      if (!fs.existsSync(file))
        throw new InvalidInputError(`Benchmark file ${file} does not exist.`);
      return registerBenchmark(db, {
        projectId: project.id,
        name: path.basename(file),
        content: fs.readFileSync(file, "utf8"),
        field: opts.benchmarkField,
      }).id;
    });
    const request = {
      projectId: project.id,
      format: opts.format,
      filters: parsed.data,
      contamination: {
        benchmarkIds,
        action: opts.contamination === "flag" ? ("flag" as const) : ("exclude" as const),
      },
      systemPrompt: opts.systemPrompt,
    };
    if (opts.preview !== undefined) {
      // The first lines exactly as the file would hold them; nothing is written or recorded.
      const n = Number(opts.preview);
      if (!/^\d+$/.test(opts.preview.trim()))
        throw new InvalidInputError(
          `--preview must be a whole number of lines, got "${opts.preview}".`,
        );
      const preview = await previewExport(db, request, n);
      if (opts.json)
        console.log(
          JSON.stringify(
            {
              format: preview.format,
              lines: preview.lines.map((l) => JSON.parse(l) as unknown),
              emptyReason: preview.emptyReason,
            },
            null,
            2,
          ),
        );
      else if (preview.emptyReason) console.log(preview.emptyReason);
      else for (const line of preview.lines) console.log(line);
      return;
    }
    if (!opts.out)
      throw new InvalidInputError(
        "Say where to write the file: --out <file> (or --preview <n> to print the first lines).",
      );
    const bar = exportProgressBar(!opts.json && !opts.quiet);
    const result = await exportToFile(db, request, opts.out, {
      onProgress: bar.update,
      allowEmpty: opts.allowEmpty,
    }).finally(() => bar.stop());
    const m = result.manifest;
    if (opts.json) {
      console.log(
        JSON.stringify(
          {
            id: result.id,
            file: result.filePath,
            manifestFile: result.manifestPath,
            datasetInfoFile: result.datasetInfoPath,
            manifest: m,
          },
          null,
          2,
        ),
      );
    } else if (!opts.quiet) {
      printTable(
        ["filter", "rows"],
        m.counts.map((c) => [c.label, c.rows]),
      );
      console.log("");
      console.log(
        `${m.file.rows} lines, ${m.file.bytes} bytes → ${result.filePath}${m.file.rows === 0 ? " (empty, as --allow-empty asked; not registered in dataset_info.json)" : ""}`,
      );
      console.log(`sha256 ${m.file.sha256}`);
      console.log(`manifest → ${result.manifestPath}`);
      if (result.datasetInfoPath)
        console.log(
          `registered as "${Object.keys(m.datasetInfo ?? {})[0]}" in ${result.datasetInfoPath}`,
        );
      if (m.contamination)
        console.log(
          `contamination: ${m.contamination.matches} row(s) share a 13-gram with ${m.contamination.benchmarks.map((b) => b.name).join(", ")} (${m.contamination.action === "exclude" ? "excluded" : "flagged, kept"})`,
        );
    }
  });
}
