import type { PipelineConfig } from "../schemas/pipelineConfig";
import { configWarnings } from "./configWarnings";

/** The counts of one funnel row (server/pipeline/funnel.ts) the check reads. */
export interface FunnelCounts {
  item: string;
  total: number;
  kept: number;
  pending: number;
  dropped: number;
  reasons: ReadonlyArray<{ reason: string; count: number }>;
}

export interface EmptyResult {
  item: "instructions" | "responses" | "pairs";
  /** The stage that dropped everything (or produced nothing). */
  stage: string;
  /** The knob to look at, dotted. */
  setting: string;
  message: string;
}

const STAGE_ORDER = [
  "augment",
  "verify-gen",
  "cross-validate",
  "back-translate",
  "compose",
  "pair-queries",
  "respond",
  "execute",
  "score",
  "pairs",
];

/** Drop reasons (as the stages and lib/autoif write them, grouped by reasonGroup) and who wrote them. */
const REASONS: Array<{ pattern: RegExp; stage: string; setting: (c: PipelineConfig) => string }> = [
  {
    pattern: /distinct compiled function\(s\), needs at least/,
    stage: "cross-validate",
    setting: (c) =>
      `crossValidate.minFunctions = ${c.crossValidate.minFunctions} with verifyGen.functionsPerInstruction = ${c.verifyGen.functionsPerInstruction}`,
  },
  {
    pattern: /distinct test case\(s\), needs at least/,
    stage: "cross-validate",
    setting: (c) =>
      `crossValidate.minCases = ${c.crossValidate.minCases} with verifyGen.casesPerCall = ${c.verifyGen.casesPerCall}`,
  },
  {
    pattern: /test case\(s\) kept, needs at least/,
    stage: "cross-validate",
    setting: (c) =>
      `crossValidate.caseAccuracyThreshold = ${c.crossValidate.caseAccuracyThreshold} (crossValidate.minKeptCases = ${c.crossValidate.minKeptCases})`,
  },
  {
    pattern: /function\(s\) kept, needs at least/,
    stage: "cross-validate",
    setting: (c) =>
      `crossValidate.functionAccuracyThreshold = ${c.crossValidate.functionAccuracyThreshold} (crossValidate.minKeptFunctions = ${c.crossValidate.minKeptFunctions})`,
  },
  {
    pattern: /^back-translation of verifier/,
    stage: "back-translate",
    setting: (c) =>
      `backTranslate.functionsPerInstruction = ${c.backTranslate.functionsPerInstruction}`,
  },
  {
    pattern: /near.?duplicate|resembles|duplicate of/i,
    stage: "augment",
    setting: (c) => `augment.nearDuplicateThreshold = ${c.augment.nearDuplicateThreshold}`,
  },
  {
    pattern: /^pass rate N, needs|^pass rate/,
    stage: "execute",
    setting: (c) =>
      `execute.sftPassRateThreshold = ${c.execute.sftPassRateThreshold} (${c.execute.sftPassRateComparison})`,
  },
  {
    pattern: /^no verifier result counted/,
    stage: "execute",
    setting: (c) => `execute.errorCounting = ${c.execute.errorCounting}`,
  },
  {
    pattern: /^score N, needs|^score/,
    stage: "score",
    setting: (c) => `score.threshold = ${c.score.threshold} (${c.score.comparison})`,
  },
  {
    pattern: /^no parsable judge score/,
    stage: "score",
    setting: () => "llm.judge (its answers carry no score)",
  },
  {
    pattern: /its instruction is dropped/,
    stage: "cross-validate",
    setting: () => "the instruction thresholds (crossValidate.*)",
  },
];

const NOTHING_NEW = "The run had nothing new to do";

/** What a run whose every stage found no work records instead of an empty-result warning. */
export function nothingNewMessage(stages: readonly string[]): string {
  const range =
    stages.length > 1 ? `${stages[0]} to ${stages[stages.length - 1]}` : (stages[0] ?? "none");
  return `${NOTHING_NEW}: every stage (${range}) found its work already done by earlier runs, so it kept and dropped nothing. Add seeds or queries, or change settings and replay, for new results.`;
}

/**
 * The short form of a run's warning for the runs table (stage and count; the full text is the
 * title and the run's detail): "cross-validate: 0 of 22 instructions kept".
 */
export function shortWarning(message: string): string {
  if (message.startsWith(NOTHING_NEW)) return "nothing new to do";
  let m = /^The run kept 0 of ([\d,]+) (instructions|responses): (\S+) dropped/.exec(message);
  if (m) return `${m[3]}: 0 of ${m[1]} ${m[2]} kept`;
  m = /^The run kept 0 (instructions|responses): (\S+) produced none/.exec(message);
  if (m) return `${m[2]}: no ${m[1]} produced`;
  if (message.startsWith("The run kept 0 DPO pairs")) return "pairs: 0 DPO pairs kept";
  return message.length > 60 ? `${message.slice(0, 59)}…` : message;
}

/** The stage and setting behind the most common drop reason of a row, else the given defaults. */
function blame(
  row: FunnelCounts,
  config: PipelineConfig,
  fallback: { stage: string; setting: string },
) {
  const top = row.reasons[0];
  const known = top ? REASONS.find((r) => r.pattern.test(top.reason)) : undefined;
  return {
    stage: known?.stage ?? fallback.stage,
    setting: known ? known.setting(config) : fallback.setting,
    reason: top?.reason ?? "no reason recorded",
  };
}

/**
 * Whether a run over `stages` ended with nothing kept: 0 instructions (after cross-validation or
 * back-translation), 0 SFT responses or 0 DPO pairs. Names the first item that came out empty,
 * the stage that dropped it and the setting to look at; null when every item that the run's
 * stages produce has something kept.
 */
export function emptyResult(
  funnel: readonly FunnelCounts[],
  stages: readonly string[],
  config: PipelineConfig,
): EmptyResult | null {
  const row = (item: string) => funnel.find((f) => f.item === item);
  const ran = (stage: string) => stages.includes(stage);
  const contradiction = configWarnings(config);
  // A contradiction in the settings of the steps that produce the item explains the empty result up front.
  const withHint = (message: string, sections: string[]) => {
    const hints = contradiction
      .filter((w) => sections.includes(w.field.split(".")[0]!))
      .map((w) => w.message);
    return [message, ...hints].join(" ");
  };
  const instr = row("instructions");
  if (instr && STAGE_ORDER.slice(0, 4).some(ran) && instr.kept + instr.pending === 0) {
    if (instr.total === 0) {
      return {
        item: "instructions",
        stage: "augment",
        setting: `augment.targetCount = ${config.augment.targetCount}, augment.maxCalls = ${config.augment.maxCalls}`,
        message:
          "The run kept 0 instructions: augment produced none (are there seeds, and does the generator answer with instructions?).",
      };
    }
    const { stage, setting, reason } = blame(instr, config, {
      stage: "cross-validate",
      setting: "the crossValidate thresholds",
    });
    return {
      item: "instructions",
      stage,
      setting,
      message: withHint(
        `The run kept 0 of ${instr.total} instructions: ${stage} dropped them all (most often "${reason}"); look at ${setting}.`,
        ["verifyGen", "crossValidate"],
      ),
    };
  }
  const resp = row("responses");
  if (
    resp &&
    ["respond", "execute", "score"].some(ran) &&
    (ran("score") ? resp.kept === 0 : resp.kept + resp.pending === 0)
  ) {
    if (resp.total === 0) {
      return {
        item: "responses",
        stage: "respond",
        setting: `pairQueries.queriesPerInstruction = ${config.pairQueries.queriesPerInstruction}`,
        message:
          "The run kept 0 responses: respond produced none (is there a query pool, and are queries strictly between the length bounds?).",
      };
    }
    const { stage, setting, reason } = blame(resp, config, {
      stage: "execute",
      setting: `execute.sftPassRateThreshold = ${config.execute.sftPassRateThreshold}`,
    });
    return {
      item: "responses",
      stage,
      setting,
      message: withHint(
        `The run kept 0 of ${resp.total} responses: ${stage} dropped them all (most often "${reason}"); look at ${setting}.`,
        ["execute", "score"],
      ),
    };
  }
  const pairs = row("pairs");
  if (pairs && ran("pairs") && pairs.kept === 0) {
    const setting = `pairs.chosenPassRate = ${config.pairs.chosenPassRate} (${config.pairs.chosenComparison}), pairs.rejectedPassRate = ${config.pairs.rejectedPassRate}`;
    return {
      item: "pairs",
      stage: "pairs",
      setting,
      message: withHint(
        `The run kept 0 DPO pairs: no sample had both a response that passes the chosen pass rate and one at or below the rejected pass rate; look at ${setting}.`,
        ["pairs", "respond"],
      ),
    };
  }
  return null;
}
