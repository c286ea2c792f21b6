import { z } from "zod";
import { VERIFIER_LANGUAGES } from "../verifier/language";

/** The presets that fill every knob: `paper` (arXiv 2406.13542) and `code` (QwenLM/AutoIF scripts). */
export const presetNames = ["paper", "code"] as const;
export type PresetName = (typeof presetNames)[number];

/** How a measured value is compared with its threshold: "gt" is `value > t`, "gte" is `value >= t`. */
export const comparisonSchema = z.enum(["gt", "gte"]);
export type Comparison = z.infer<typeof comparisonSchema>;

// Objects are strict so a typo in a per-project override fails loudly instead of being ignored.
const fraction = (help: string) => z.number().min(0).max(1).describe(help);
const count = (max: number, help: string) => z.number().int().min(1).max(max).describe(help);
const cmp = (help: string) => comparisonSchema.describe(help);

const augmentSchema = z.strictObject({
  instructionsPerCall: count(200, "Instructions asked of the generator per augmentation call."),
  targetCount: count(1_000_000, "Stop augmenting once this many distinct instructions are kept."),
  maxCalls: count(100_000, "Stop augmenting after this many generator calls, whatever was kept."),
  nearDuplicateMetric: z
    .enum(["rougeL", "tokenJaccard"])
    .describe("Similarity used to spot near-duplicate instructions (ROUGE-L F or token Jaccard)."),
  nearDuplicateThreshold: fraction(
    "A new instruction at or above this similarity to a kept one is dropped as a near duplicate (0..1).",
  ),
});

const verifyGenSchema = z.strictObject({
  functionsPerInstruction: count(
    64,
    "K: verification calls per instruction, each giving one evaluate function.",
  ),
  casesPerCall: count(50, "Test cases asked for with each verification function."),
  // Default: the language runs had before this knob existed, so an old snapshot replays as it ran.
  language: z
    .enum(VERIFIER_LANGUAGES)
    .default("javascript")
    .describe(
      "The language the generator writes verifiers in: javascript (function evaluate(response), run in QuickJS) or python (def evaluate(response), run in Pyodide).",
    ),
});

const crossValidateSchema = z.strictObject({
  caseAccuracyThreshold: fraction(
    "A test case is kept when the share of functions agreeing with it passes this (0..1).",
  ),
  caseAccuracyComparison: cmp("gt: agreement must exceed the case threshold; gte: may equal it."),
  functionAccuracyThreshold: fraction(
    "A function is kept when its accuracy on kept cases passes this (0..1).",
  ),
  functionAccuracyComparison: cmp(
    "gt: accuracy must exceed the function threshold; gte: may equal it.",
  ),
  minFunctions: count(
    1000,
    "An instruction needs at least this many distinct compiled functions before filtering.",
  ),
  minCases: count(
    10_000,
    "An instruction needs at least this many distinct test cases before filtering.",
  ),
  minKeptFunctions: count(
    1000,
    "An instruction needs at least this many functions left after filtering.",
  ),
  minKeptCases: count(
    10_000,
    "An instruction needs at least this many test cases left after filtering.",
  ),
  stringBooleans: z
    .boolean()
    .describe(
      'Read the strings "True"/"False" in test-case expectations as booleans (off: such cases are dropped).',
    ),
});

const backTranslateSchema = z.strictObject({
  functionsPerInstruction: count(
    64,
    "Kept functions per instruction that are back-translated and judged.",
  ),
  judge: z
    .enum(["llm"])
    .describe("Who labels a back-translation entail / neutral / contradict: the judge LLM."),
});

const pairQueriesSchema = z
  .strictObject({
    queriesPerInstruction: count(10_000, "Queries drawn from the pool for each kept instruction."),
    minQueryLength: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .describe("Queries must be strictly longer than this many characters."),
    maxQueryLength: count(100_000, "Queries must be strictly shorter than this many characters."),
  })
  .superRefine((v, ctx) => {
    // Both bounds are exclusive, so at least one length must lie strictly between them.
    if (v.minQueryLength + 1 >= v.maxQueryLength) {
      ctx.addIssue({
        code: "custom",
        path: ["minQueryLength"],
        message: `Minimum query length must be at least 2 below the maximum (${v.maxQueryLength}); no length lies strictly between.`,
      });
    }
  });

const respondSchema = z.strictObject({
  responsesPerSample: count(64, "K: responses generated per (instruction, query) sample."),
});

const executeSchema = z.strictObject({
  errorCounting: z
    .enum(["as-fail", "excluded"])
    .describe(
      "as-fail: a verifier error counts as a failing function; excluded: errors and non-booleans are left out of the pass rate, and a response with nothing counted has pass rate 0.",
    ),
  sftPassRateThreshold: fraction(
    "A response is kept for SFT when its pass rate passes this (0..1).",
  ),
  sftPassRateComparison: cmp("gt: pass rate must exceed the SFT threshold; gte: may equal it."),
  // Default: the reading runs had before this knob existed, so an old snapshot replays as it ran.
  distinctTexts: z
    .boolean()
    .default(false)
    .describe(
      "SFT rows are a set of (instruction, query, response): a response with the same text as an earlier one of its sample is dropped (it stays a DPO candidate).",
    ),
});

const scoreSchema = z.strictObject({
  threshold: z
    .number()
    .min(0)
    .max(10)
    .describe("A response is kept when its mean judge score (0..10) passes this."),
  comparison: cmp("gt: the mean score must exceed the threshold; gte: may equal it."),
  judgeSamples: count(16, "Judge calls per response; their scores are averaged."),
  parser: z
    .enum(["tolerant", "reference"])
    .default("tolerant")
    .describe(
      "tolerant: reads the usual spellings of a 0-10 score, the last one wins; reference: only `Score: N` at the very end, as the reference scripts' regex reads it.",
    ),
});

const pairsSchema = z
  .strictObject({
    chosenPassRate: fraction("A response can be chosen when its pass rate passes this (0..1)."),
    chosenComparison: cmp("gt: the chosen pass rate must exceed the threshold; gte: may equal it."),
    rejectedPassRate: fraction(
      "A response can be rejected when its pass rate is at most this (0..1).",
    ),
    maxPerSide: count(
      16,
      "Chosen and rejected responses sampled per sample at most (2 gives up to 2 x 2 pairs).",
    ),
    // Defaults are the reading runs had before these knobs existed, so an old snapshot replays as it ran.
    draw: z
      .enum(["matched", "each-side"])
      .default("matched")
      .describe(
        "matched: maxPerSide from each side when both have that many, else 1 x 1; each-side: min(maxPerSide, n) from each side whenever both have one, every draw paired.",
      ),
    distinctTexts: z
      .boolean()
      .default(false)
      .describe(
        "Pairs are a set of (chosen text, rejected text): responses with identical texts make one pair, not several.",
      ),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .describe("Seed for sampling pairs, recorded so a run is reproducible."),
  })
  .superRefine((v, ctx) => {
    // A response must never qualify as both chosen and rejected.
    const overlaps =
      v.chosenComparison === "gt"
        ? v.rejectedPassRate > v.chosenPassRate
        : v.rejectedPassRate >= v.chosenPassRate;
    if (overlaps) {
      ctx.addIssue({
        code: "custom",
        path: ["rejectedPassRate"],
        message:
          "Rejected pass rate overlaps the chosen range; lower it below the chosen pass rate.",
      });
    }
  });

/** Sizes 2, 3, ... weighted as written ("3,2,1": 2 constraints three times as often as 4). */
const sizeWeightsPattern = /^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?){0,8}\s*$/;

const composeSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        "Compose kept atomic instructions into compound ones (2..n constraints) after back-translation; off: the stage does nothing.",
      ),
    count: count(
      1_000_000,
      "Compound instructions to draw (conflicting draws are dropped and drawn again, within 10 times this many tries).",
    ),
    sizeWeights: z
      .string()
      .regex(
        sizeWeightsPattern,
        "Comma-separated weights for 2, 3, ... constraints (up to 10), e.g. 3,2,1.",
      )
      .refine(
        (v) => v.split(",").some((w) => Number(w) > 0),
        "At least one weight must be above 0.",
      )
      .describe(
        'Weights of the number of constraints, from 2 up: "3,2,1" draws 2, 3 or 4 constraints in the ratio 3:2:1.',
      ),
    maxUsesPerInstruction: count(
      1_000_000,
      "m: an atomic instruction appears in at most this many compound instructions.",
    ),
    groupSimilarity: fraction(
      "Two constraints whose texts (numbers aside) are at least this similar (token Jaccard) are one group: a compound never holds two of a group (0..1).",
    ),
    witnessAttempts: z
      .number()
      .int()
      .min(0)
      .max(10)
      .describe(
        "Generator attempts at an answer satisfying both constraints of a pair with no known witness (0: go to the judge at once).",
      ),
    passRate: z
      .enum(["strict", "partial"])
      .describe(
        "The pass rate of a compound response that sampling, scoring, pairs and exports use: strict (1 when every constraint is satisfied, else 0) or partial (the share of constraints satisfied).",
      ),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .describe(
        "Seed of the draws and of the order of constraints in the text, recorded so a run is reproducible.",
      ),
  })
  .describe("Stage 5: compound instructions (optional).");

const sandboxSchema = z
  .strictObject({
    deadlineMs: z
      .number()
      .int()
      .min(10)
      .max(60_000)
      .describe("Time limit per verifier call, in milliseconds."),
    memoryLimitMb: z
      .number()
      .int()
      .min(8)
      .max(4096)
      .describe("Memory cap of the sandbox's wasm memory, in MiB."),
    stackLimitKb: z.number().int().min(16).max(8192).describe("Stack limit of a verifier, in KiB."),
  })
  .superRefine((v, ctx) => {
    if (v.stackLimitKb >= v.memoryLimitMb * 1024) {
      ctx.addIssue({
        code: "custom",
        path: ["stackLimitKb"],
        message: "The stack limit must be smaller than the memory limit.",
      });
    }
  });

const baseUrlSchema = z.url({ protocol: /^https?$/ }).refine((u) => {
  const parsed = new URL(u);
  return parsed.username === "" && parsed.password === "";
}, "Put no credentials in the URL; API keys belong in the environment.");

const llmRoleSchema = z.strictObject({
  model: z.string().trim().min(1).max(200).describe("Model name as the endpoint knows it."),
  baseUrl: baseUrlSchema
    .optional()
    .describe(
      "OpenAI-compatible endpoint (e.g. http://127.0.0.1:8000/v1); empty uses the environment's base URL.",
    ),
  apiKeyEnv: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "An environment variable name: letters, digits and _.")
    .max(100)
    .optional()
    .describe(
      "Name of the server environment variable holding this role's API key (the key itself is never stored); empty: AUTOIF_<ROLE>_API_KEY, then OPENAI_API_KEY.",
    ),
  temperature: z.number().min(0).max(2).describe("Sampling temperature (0..2)."),
  maxTokens: count(1_000_000, "Most tokens a single completion may produce."),
  concurrency: count(1024, "Requests in flight at once against this endpoint."),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(120_000)
    .describe("Give up on one HTTP attempt after this many milliseconds."),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .max(20)
    .default(5)
    .describe(
      "Attempts per call, counting the first, on 429, 5xx, time-outs and connection errors.",
    ),
  pricePerMillionInput: z
    .number()
    .min(0)
    .default(0)
    .describe("USD per million prompt tokens (0: not costed)."),
  pricePerMillionOutput: z
    .number()
    .min(0)
    .default(0)
    .describe("USD per million completion tokens (0: not costed)."),
});

const budgetSchema = z.strictObject({
  maxCostUsd: z
    .number()
    .positive()
    .nullable()
    .describe("Stop making LLM calls once a run has cost this many USD (empty: no cap)."),
  maxCalls: z
    .number()
    .int()
    .min(1)
    .nullable()
    .describe("Stop making LLM calls once a run has made this many (empty: no cap)."),
});

/** Every knob of the pipeline, grouped by stage; stored per project and snapshotted per run. */
export const pipelineConfigSchema = z.strictObject({
  augment: augmentSchema.describe("Stage 1: new instructions from the seeds."),
  verifyGen: verifyGenSchema.describe("Stage 2: verification functions and test cases."),
  crossValidate: crossValidateSchema.describe("Stage 3: keep functions and cases that agree."),
  backTranslate: backTranslateSchema.describe("Stage 4: check the code checks the instruction."),
  compose: composeSchema,
  pairQueries: pairQueriesSchema.describe("Stage 6: draw queries for each instruction."),
  respond: respondSchema.describe("Stage 7: responses to (instruction, query) samples."),
  execute: executeSchema.describe("Stage 8: run the functions on responses."),
  score: scoreSchema.describe("Stage 9: judge scores."),
  pairs: pairsSchema.describe("Stage 10: DPO pairs."),
  sandbox: sandboxSchema.describe("Limits on every verifier call."),
  llm: z
    .strictObject({
      generator: llmRoleSchema.describe(
        "The model that writes instructions, verifiers and responses.",
      ),
      judge: llmRoleSchema.describe(
        "The model that labels back-translations and scores responses.",
      ),
    })
    .describe("Endpoints and sampling; API keys come from the environment only."),
  budget: budgetSchema.describe("Caps on a run's LLM spending."),
});

/** A complete, validated pipeline configuration (the parse output). */
export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
/** What may be handed to the schema (prices may be left out and default to 0). */
export type PipelineConfigInput = z.input<typeof pipelineConfigSchema>;
