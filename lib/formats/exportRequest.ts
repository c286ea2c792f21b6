import { z } from "zod";
import { FORMAT_IDS, formatById } from "./formats";

const range = (max: number) => z.number().min(0).max(max).nullable().default(null);

/**
 * What goes into an export. Reviewer-rejected items never do, whatever the filters: a
 * rejection is the reviewer's final word. Score and pass-rate ranges apply to the response
 * (SFT) or the chosen response (DPO) and are inclusive; a bound excludes unscored rows.
 */
export const exportFiltersSchema = z.strictObject({
  /** kept: the pipeline kept it; kept-or-approved: also reviewer overrides of a pipeline drop; any: every status. */
  pipeline: z.enum(["kept", "kept-or-approved", "any"]).default("kept"),
  /** exclude-rejected: approved and unreviewed items; approved-only: reviewer-approved items only. */
  review: z.enum(["exclude-rejected", "approved-only"]).default("exclude-rejected"),
  /** Pipeline statuses of the instruction a row belongs to. */
  instructionStatus: z
    .array(z.enum(["kept", "pending", "dropped"]))
    .min(1)
    .default(["kept"]),
  minScore: range(10),
  maxScore: range(10),
  minPassRate: range(1),
  maxPassRate: range(1),
});
export type ExportFilters = z.infer<typeof exportFiltersSchema>;

/** Contamination check against registered benchmark prompt files. */
export const contaminationOptionsSchema = z.strictObject({
  benchmarkIds: z.array(z.number().int().positive()).max(100).default([]),
  /** flag: keep matching rows and list them in the manifest; exclude: leave them out. */
  action: z.enum(["flag", "exclude"]).default("exclude"),
});
export type ContaminationOptions = z.infer<typeof contaminationOptionsSchema>;

/** Longest system prompt an export accepts, in characters. */
export const SYSTEM_PROMPT_MAX = 20_000;

/** The system prompt written on every line; empty (or only spaces) writes none. */
export const systemPromptSchema = z
  .string()
  .max(
    SYSTEM_PROMPT_MAX,
    `A system prompt has at most ${SYSTEM_PROMPT_MAX.toLocaleString("en")} characters.`,
  )
  .refine(
    (s) => !s.includes("@@autoif-slot-"),
    "The system prompt cannot contain the text @@autoif-slot-.",
  )
  .transform((s) => s.trim())
  .default("");

export const exportRequestSchema = z
  .strictObject({
    projectId: z.number().int().positive(),
    format: z.enum(FORMAT_IDS),
    filters: exportFiltersSchema.default(exportFiltersSchema.parse({})),
    contamination: contaminationOptionsSchema.default(contaminationOptionsSchema.parse({})),
    systemPrompt: systemPromptSchema,
  })
  .superRefine((r, ctx) => {
    const format = formatById(r.format);
    if (r.systemPrompt !== "" && format && !format.systemSlot) {
      ctx.addIssue({
        code: "custom",
        path: ["systemPrompt"],
        message: `The ${format.label} format has no place for a system prompt; leave it empty or choose another format.`,
      });
    }
  });
export type ExportRequest = z.infer<typeof exportRequestSchema>;
/** What callers hand in: the defaults (no system prompt, default filters) may be left out. */
export type ExportRequestInput = z.input<typeof exportRequestSchema>;
