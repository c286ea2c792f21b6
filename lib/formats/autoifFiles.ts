import { z } from "zod";

/**
 * The files the AutoIF reference scripts (QwenLM/AutoIF, `code/` and `code_dpo/`) read and write,
 * one JSON object a line, as the scripts spell their fields. Loose objects: the scripts copy a
 * row forward with every field it had (code/6 l.46 deep-copies the back-translated row), so extra
 * fields are expected and ignored.
 */
export const AUTOIF_FILE_KINDS = [
  "raw-generations",
  "cross-validated",
  "query-responses",
  "dpo-functions",
  "scored",
  "dpo-rated",
] as const;
export type AutoifFileKind = (typeof AUTOIF_FILE_KINDS)[number];

/** A function with the accuracy cross-validation gave it (code/3 l.172: `(func, acc)`). */
const scoredFunction = z.tuple([z.string(), z.number()]);
/** A test case as code/3 l.112 writes it back: `[input, output]`, output a boolean or the LLM's string. */
const keptCase = z.tuple([z.string(), z.union([z.boolean(), z.string()])]);
const nliLabel = z.enum(["entailment", "neutral", "contradiction"]);

export const autoifLineSchemas = {
  /** eval_func_rft.jsonl: an instruction and the raw verify-gen generations (code/3 l.82-85). */
  "raw-generations": z.looseObject({
    instruction: z.string(),
    "gpt-answer": z.array(z.string()),
    prompt: z.string().optional(),
  }),
  /** cross_validation.jsonl / back_trans.jsonl: kept functions and cases (code/3 l.178-182), back-translations (code/4 l.61), NLI labels (code/5 l.61). */
  "cross-validated": z.looseObject({
    instruction: z.string(),
    eval_func: z.array(scoredFunction),
    cases: z.array(keptCase),
    back_instruction: z.array(z.string()).optional(),
    nli_scores: z.array(nliLabel).optional(),
  }),
  /** query_rft.jsonl: a query prompt (code/6 l.45) with the functions and the sampled responses (code/7 l.37, 44). */
  "query-responses": z.looseObject({
    prompt: z
      .string()
      .regex(/\[Query\]/, "has no [Query] marker (code/7 l.72 reads the query after it)"),
    instruction: z.string(),
    eval_func: z.array(scoredFunction),
    "gpt-answer": z.array(z.string()),
    cases: z.array(keptCase).optional(),
  }),
  /** dpo_query_w_funcs.jsonl: a DPO prompt with its functions and responses (code_dpo/1 l.39, 50). */
  "dpo-functions": z.looseObject({
    prompt: z.string(),
    eval_func: z.array(scoredFunction),
    "gpt-answer": z.array(z.string()),
  }),
  /** query_rft_score.jsonl / query_score_filter.jsonl: a kept response with the judge's outputs (code/8 l.29). */
  scored: z.looseObject({
    instruction: z.string(),
    query: z.string(),
    response: z.string(),
    gen: z.array(z.string()),
  }),
  /** dpo_query_eval_score_results.jsonl: a DPO prompt with each response and its pass rate (code_dpo/1 l.74-77). */
  "dpo-rated": z.looseObject({
    query: z.string(),
    response: z.array(z.tuple([z.string(), z.number()])),
  }),
} satisfies Record<AutoifFileKind, z.ZodType>;

export type AutoifLine<K extends AutoifFileKind> = z.infer<(typeof autoifLineSchemas)[K]>;

/**
 * How a line shows its kind: the fields it must have and the fields another kind owns that rule it
 * out (a raw generation row has no `eval_func` yet; a DPO row names no instruction).
 */
export const autoifKindSignatures: Record<
  AutoifFileKind,
  { file: string; has: readonly string[]; lacks: readonly string[]; what: string }
> = {
  "raw-generations": {
    file: "eval_func_rft.jsonl",
    has: ["instruction", "gpt-answer"],
    lacks: ["eval_func"],
    what: "instructions with raw verifier generations",
  },
  "cross-validated": {
    file: "back_trans.jsonl",
    has: ["instruction", "eval_func", "cases"],
    lacks: ["gpt-answer", "prompt"],
    what: "cross-validated functions and cases",
  },
  "query-responses": {
    file: "query_rft.jsonl",
    has: ["prompt", "instruction", "eval_func", "gpt-answer"],
    lacks: [],
    what: "instructions with functions, queries and responses",
  },
  "dpo-functions": {
    file: "dpo_query_w_funcs.jsonl",
    has: ["prompt", "eval_func", "gpt-answer"],
    lacks: ["instruction"],
    what: "DPO prompts with functions and responses",
  },
  scored: {
    file: "query_rft_score.jsonl",
    has: ["instruction", "query", "response", "gen"],
    lacks: [],
    what: "responses with the judge's scores",
  },
  "dpo-rated": {
    file: "dpo_query_eval_score_results.jsonl",
    has: ["query", "response"],
    lacks: ["gen", "instruction"],
    what: "DPO prompts with responses and pass rates",
  },
};

/** The kinds whose signature a JSON object's fields match (none, one, or more: ambiguous). */
export function kindsOfLine(record: Record<string, unknown>): AutoifFileKind[] {
  return AUTOIF_FILE_KINDS.filter((kind) => {
    const sig = autoifKindSignatures[kind];
    return sig.has.every((f) => f in record) && sig.lacks.every((f) => !(f in record));
  });
}

const describeKind = (kind: AutoifFileKind) => {
  const sig = autoifKindSignatures[kind];
  return `${kind} (${sig.what}, like ${sig.file}: ${sig.has.join(", ")})`;
};

/**
 * The kind a file is, from its first line's fields, or a sentence saying why it cannot tell: no
 * kind has those fields, or several do (then `--kind` decides).
 */
export function detectAutoifKind(first: {
  line: number;
  record: Record<string, unknown>;
}): { ok: true; kind: AutoifFileKind } | { ok: false; message: string } {
  const kinds = kindsOfLine(first.record);
  if (kinds.length === 1) return { ok: true, kind: kinds[0]! };
  const fields = Object.keys(first.record).join(", ") || "none";
  if (kinds.length === 0) {
    return {
      ok: false,
      message: `line ${first.line} has the fields ${fields}, which no file of the reference scripts has; the kinds are ${AUTOIF_FILE_KINDS.map(describeKind).join("; ")}`,
    };
  }
  return {
    ok: false,
    message: `line ${first.line} fits more than one kind: ${kinds.map(describeKind).join(" and ")}; say which with --kind (${kinds.join(" or ")})`,
  };
}
