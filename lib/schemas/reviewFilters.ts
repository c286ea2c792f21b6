import { z } from "zod";

const fraction = z.number().min(0).max(1);
const score = z.number().min(0).max(10);

export const responseSorts = [
  "id",
  "pass-rate-desc",
  "pass-rate-asc",
  "score-desc",
  "score-asc",
] as const;
export type ResponseSort = (typeof responseSorts)[number];

/**
 * What the Responses page shows: filters, sort and search. The same object lives in the URL (so a
 * view can be shared) and goes to the server, where bulk review applies it to every match.
 * Pass rates are fractions 0..1; scores are the judge's mean 0..10; ranges are inclusive.
 */
export const responseFilterSchema = z.object({
  pipeline: z.enum(["pending", "kept", "dropped"]).optional(),
  /** Drop reasons that start with this text (reasons carry numbers; their start names the kind). */
  reason: z.string().max(200).optional(),
  review: z.enum(["unreviewed", "approved", "rejected"]).optional(),
  scoreMin: score.optional(),
  scoreMax: score.optional(),
  passMin: fraction.optional(),
  passMax: fraction.optional(),
  instructionId: z.number().int().positive().optional(),
  /** Responses to instructions of this many constraints (1: atomic, 2 and up: compound). */
  constraints: z.number().int().min(1).max(11).optional(),
  /** Words that must all occur in the response, its query or its instruction (case-insensitive). */
  search: z.string().max(200).optional(),
  sort: z.enum(responseSorts).default("id"),
});
export type ResponseFilter = z.infer<typeof responseFilterSchema>;

/** DPO pairs: the pair's own review status and pipeline status, optionally one instruction. */
export const pairFilterSchema = z.object({
  review: z.enum(["unreviewed", "approved", "rejected"]).optional(),
  instructionId: z.number().int().positive().optional(),
  search: z.string().max(200).optional(),
});
export type PairFilter = z.infer<typeof pairFilterSchema>;

const numericKeys = new Set([
  "scoreMin",
  "scoreMax",
  "passMin",
  "passMax",
  "instructionId",
  "constraints",
]);

/**
 * Reads a filter from URL search params; a malformed value is left out rather than failing the
 * page, because a shared link may come from an older version of the studio.
 */
export function filterFromParams<T extends z.ZodObject>(
  schema: T,
  params: URLSearchParams,
): z.infer<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = params.get(key);
    if (v === null || v === "") continue;
    raw[key] = numericKeys.has(key) ? Number(v) : v;
  }
  for (const key of Object.keys(raw)) {
    const one = schema.pick({ [key]: true } as never).safeParse({ [key]: raw[key] });
    if (!one.success) delete raw[key];
  }
  return schema.parse(raw);
}

/** The URL search params of a filter: empty and default values are left out to keep links short. */
export function filterToParams(
  filter: Record<string, unknown>,
  defaults: Record<string, unknown> = { sort: "id" },
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === "" || defaults[key] === value) continue;
    params.set(key, String(value));
  }
  return params;
}
