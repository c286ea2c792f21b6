import type { PipelineConfig, PresetName } from "../schemas/pipelineConfig";

// The paper's generator and supervision model; a project points these at its own endpoint.
const paperModel = "Qwen/Qwen2-72B-Instruct";

const paper: PipelineConfig = {
  augment: {
    instructionsPerCall: 50,
    targetCount: 2000,
    maxCalls: 200,
    nearDuplicateMetric: "rougeL",
    nearDuplicateThreshold: 0.7,
  },
  verifyGen: { functionsPerInstruction: 8, casesPerCall: 3, language: "javascript" },
  crossValidate: {
    caseAccuracyThreshold: 0.5,
    caseAccuracyComparison: "gt",
    functionAccuracyThreshold: 0.5,
    functionAccuracyComparison: "gt",
    minFunctions: 1,
    minCases: 1,
    minKeptFunctions: 1,
    minKeptCases: 1,
    stringBooleans: true,
  },
  backTranslate: { functionsPerInstruction: 3, judge: "llm" },
  // Off in both presets: AutoIF verifies one atomic instruction per prompt (compounds are its future work).
  compose: {
    enabled: false,
    count: 1000,
    sizeWeights: "3,2,1",
    maxUsesPerInstruction: 50,
    groupSimilarity: 0.6,
    witnessAttempts: 3,
    passRate: "strict",
    seed: 42,
  },
  pairQueries: { queriesPerInstruction: 16, minQueryLength: 20, maxQueryLength: 300 },
  respond: { responsesPerSample: 8 },
  execute: {
    errorCounting: "as-fail",
    sftPassRateThreshold: 0.5,
    sftPassRateComparison: "gt",
    distinctTexts: false,
  },
  score: { threshold: 8, comparison: "gte", judgeSamples: 1, parser: "tolerant" },
  pairs: {
    chosenPassRate: 0.5,
    chosenComparison: "gt",
    rejectedPassRate: 0,
    maxPerSide: 2,
    draw: "matched",
    distinctTexts: false,
    seed: 42,
  },
  sandbox: { deadlineMs: 1000, memoryLimitMb: 64, stackLimitKb: 128 },
  llm: {
    generator: {
      model: paperModel,
      temperature: 0.7,
      maxTokens: 2048,
      concurrency: 8,
      timeoutMs: 120_000,
      maxAttempts: 5,
      pricePerMillionInput: 0,
      pricePerMillionOutput: 0,
    },
    judge: {
      model: paperModel,
      temperature: 0,
      maxTokens: 512,
      concurrency: 8,
      timeoutMs: 120_000,
      maxAttempts: 5,
      pricePerMillionInput: 0,
      pricePerMillionOutput: 0,
    },
  },
  budget: { maxCostUsd: null, maxCalls: null },
};

// The reference scripts differ from the paper only in how strictly they filter.
const code: PipelineConfig = {
  ...paper,
  crossValidate: {
    // "Any function agrees" is an agreement share strictly above zero.
    caseAccuracyThreshold: 0,
    caseAccuracyComparison: "gt",
    functionAccuracyThreshold: 0.8,
    functionAccuracyComparison: "gte",
    minFunctions: 3,
    minCases: 10,
    minKeptFunctions: 1,
    // Implied by the scripts: a function cannot reach its accuracy on zero cases.
    minKeptCases: 1,
    stringBooleans: false,
  },
  // code/7_query_vertification.py l.62-66: pass rate > 0 keeps; l.81 dedupes the kept (instruction, query, response) rows.
  execute: {
    errorCounting: "excluded",
    sftPassRateThreshold: 0,
    sftPassRateComparison: "gt",
    distinctTexts: true,
  },
  // code/8_query_score_filiter.py l.30-34: the regex reads the score, `score > 8` keeps.
  score: { threshold: 8, comparison: "gt", judgeSamples: 1, parser: "reference" },
  // code_dpo/2_dpo_data_query_construct.py: `random_sample(lst, min(n, len))` of each side
  // (l.41-42, 48-49), `itertools.product` of the draws and `set()` of the text pairs (l.60-63).
  pairs: { ...paper.pairs, chosenComparison: "gte", draw: "each-side", distinctTexts: true },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The built-in presets, frozen: the shared `code` preset reuses `paper` objects, and a
 * caller mutating one must not silently change the other. Use `configForPreset` to edit.
 */
export const presets: Record<PresetName, PipelineConfig> = deepFreeze({
  paper: structuredClone(paper),
  code: structuredClone(code),
});

/** A fresh, mutable deep copy of a preset's full configuration (no objects shared with `presets`). */
export function configForPreset(name: PresetName): PipelineConfig {
  return structuredClone(presets[name]);
}
