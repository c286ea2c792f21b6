import { z } from "zod";
import type { ExportFormat } from "./formats";

/** One entry of LLaMA-Factory's data/dataset_info.json, as its data loader reads it. */
export const datasetInfoEntrySchema = z.strictObject({
  file_name: z.string().min(1),
  formatting: z.enum(["alpaca", "sharegpt"]),
  ranking: z.boolean(),
  columns: z.record(z.string(), z.string()),
  tags: z.record(z.string(), z.string()).optional(),
});
export type DatasetInfoEntry = z.infer<typeof datasetInfoEntrySchema>;

const SHAREGPT_TAGS = {
  role_tag: "from",
  content_tag: "value",
  user_tag: "human",
  assistant_tag: "gpt",
  system_tag: "system",
};

/**
 * The dataset_info.json entry that registers an exported file with LLaMA-Factory, or null for a
 * format LLaMA-Factory does not read. `fileName` is relative to LLaMA-Factory's dataset_dir;
 * `system` says the lines carry a system prompt column.
 */
export function datasetInfoEntry(
  format: ExportFormat,
  fileName: string,
  opts: { system?: boolean } = {},
): DatasetInfoEntry | null {
  if (!format.llamaFactory) return null;
  const system: Record<string, string> = opts.system ? { system: "system" } : {};
  switch (format.id) {
    case "sharegpt":
      return {
        file_name: fileName,
        formatting: "sharegpt",
        ranking: false,
        columns: { messages: "conversations", ...system },
        tags: SHAREGPT_TAGS,
      };
    case "sharegpt-preference":
      return {
        file_name: fileName,
        formatting: "sharegpt",
        ranking: true,
        columns: { messages: "conversations", chosen: "chosen", rejected: "rejected", ...system },
        tags: SHAREGPT_TAGS,
      };
    case "kto":
      return {
        file_name: fileName,
        formatting: "sharegpt",
        ranking: false,
        columns: { messages: "conversations", kto_tag: "kto_tag", ...system },
        tags: SHAREGPT_TAGS,
      };
    case "alpaca-preference":
      return {
        file_name: fileName,
        formatting: "alpaca",
        ranking: true,
        columns: {
          prompt: "instruction",
          query: "input",
          chosen: "chosen",
          rejected: "rejected",
          ...system,
        },
      };
    default:
      return {
        file_name: fileName,
        formatting: "alpaca",
        ranking: false,
        columns: { prompt: "instruction", query: "input", response: "output", ...system },
      };
  }
}

/** A dataset name LLaMA-Factory users can type: the file's base name without extension. */
export function datasetName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.jsonl?$/i, "").replace(/[^A-Za-z0-9_.-]+/g, "_") || "autoif";
}
