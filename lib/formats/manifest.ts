import { z } from "zod";
import { datasetInfoEntrySchema } from "./datasetInfo";
import { contaminationOptionsSchema, exportFiltersSchema } from "./exportRequest";

/** Rows left after one filter step, in the order the filters apply. */
export const filterCountSchema = z.strictObject({
  step: z.string(),
  label: z.string(),
  rows: z.number().int().min(0),
});

const agreementSchema = z.strictObject({
  /** Reviewed items of this kind in the project (latest verdict approve or reject). */
  reviewed: z.number().int(),
  /** Of those, the share whose verdict matches the pipeline (approve a kept item, reject a dropped one), 0..1. */
  pipelineAgreement: z.number().nullable(),
  /** Items with verdicts from two or more reviewers, and the share of those reviewer pairs that agree, 0..1. */
  multiReviewed: z.number().int(),
  interReviewerAgreement: z.number().nullable(),
});

/** What an export holds and how it was made; written beside the file and kept in `exports`. */
export const exportManifestSchema = z.strictObject({
  manifestVersion: z.literal(1),
  tool: z.strictObject({ name: z.literal("autoif-studio"), version: z.string() }),
  createdAt: z.string(),
  project: z.strictObject({ id: z.number(), name: z.string(), preset: z.string() }),
  kind: z.enum(["sft", "dpo"]),
  format: z.string(),
  /** `rows` are the file's lines (KTO writes up to two lines a pair); the counts below are items. */
  file: z.strictObject({
    name: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
    sha256: z.string(),
  }),
  /** The system prompt on every line, or null for none (manifests from before it was offered have none). */
  systemPrompt: z.string().nullable().default(null),
  filters: exportFiltersSchema,
  counts: z.array(filterCountSchema),
  runs: z.array(
    z.strictObject({
      id: z.number(),
      configHash: z.string(),
      state: z.string(),
      rows: z.number().int(),
      thresholds: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    }),
  ),
  /** Rows made before runs were recorded on samples (or inserted by hand) have no run. */
  rowsWithoutRun: z.number().int(),
  promptVersions: z.record(z.string(), z.number()),
  verifiers: z.strictObject({
    instructions: z.number().int(),
    kept: z.number().int(),
    byVersion: z.record(z.string(), z.number().int()),
  }),
  /**
   * Compound instructions among the exported rows (issue 18): each with its constraints (key =
   * the atomic instruction's number, and its text) and the file's lines (1-based) that hold it.
   * Manifests from before compounds existed have none.
   */
  compounds: z
    .array(
      z.strictObject({
        instruction: z.number().int(),
        text: z.string(),
        constraints: z.array(
          z.strictObject({ key: z.string(), instruction: z.number().int(), text: z.string() }),
        ),
        lines: z.array(z.number().int()),
      }),
    )
    .default([]),
  review: agreementSchema,
  /** The project's annotation guidelines when the file was written (null: the project has none). */
  guidelines: z
    .strictObject({ text: z.string(), sha256: z.string(), updatedAt: z.string().nullable() })
    .nullable(),
  /** The project's train/test split when the file was written: its held-out instructions were left out (null: no split). */
  split: z
    .strictObject({
      seed: z.number().int(),
      testFraction: z.number(),
      version: z.number().int(),
      heldOutInstructions: z.number().int(),
    })
    .nullable()
    .default(null),
  contamination: z
    .strictObject({
      action: contaminationOptionsSchema.shape.action,
      ngram: z.number().int(),
      benchmarks: z.array(
        z.strictObject({
          id: z.number(),
          name: z.string(),
          sha256: z.string(),
          prompts: z.number().int(),
        }),
      ),
      matches: z.number().int(),
      /** The first matches (up to 200): output line (null if excluded), item id and the benchmark prompt's file and line. */
      examples: z.array(
        z.strictObject({
          line: z.number().int().nullable(),
          itemId: z.number(),
          benchmark: z.string(),
          benchmarkLine: z.number().int(),
        }),
      ),
    })
    .nullable(),
  datasetInfo: z.record(z.string(), datasetInfoEntrySchema).nullable(),
});
export type ExportManifest = z.infer<typeof exportManifestSchema>;
