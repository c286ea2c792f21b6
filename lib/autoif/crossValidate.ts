import type { PipelineConfig } from "../schemas/pipelineConfig";
import { passes } from "./compare";

/** What a function returned on a case: true ("pass"), false ("fail"), or no usable answer. */
export type Verdict = "pass" | "fail" | "error";

export interface CrossValidationInput {
  /** Distinct compiled functions, by id. */
  functionIds: readonly number[];
  /** Distinct test cases; `expected` as the LLM wrote it (a boolean, or a string like "True"). */
  cases: ReadonlyArray<{ id: number; expected: boolean | string }>;
  /** verdicts[f][c]: what function f returned on case c. */
  verdicts: ReadonlyArray<ReadonlyArray<Verdict>>;
}

export interface CaseDecision {
  id: number;
  kept: boolean;
  /** Share of functions whose answer equals the expectation, 0..1. */
  agreement: number;
  reason: string | null;
}

export interface FunctionDecision {
  id: number;
  kept: boolean;
  /** Share of kept cases this function answers as expected, 0..1 (0 when no case is kept). */
  accuracy: number;
  reason: string | null;
}

export interface CrossValidationResult {
  cases: CaseDecision[];
  functions: FunctionDecision[];
  instruction: { kept: boolean; reason: string | null };
}

/** The boolean a case expects, or null when it is not one (strings count only with stringBooleans). */
export function expectedBoolean(
  expected: boolean | string,
  stringBooleans: boolean,
): boolean | null {
  if (typeof expected === "boolean") return expected;
  if (!stringBooleans) return null;
  const word = expected.trim().toLowerCase();
  return word === "true" ? true : word === "false" ? false : null;
}

/** A stored test case's expectation as the LLM wrote it: the string (such as "True") when it was not a boolean. */
export function storedExpectation(c: {
  expected: boolean;
  expectedRaw: string | null;
}): boolean | string {
  return c.expectedRaw !== null ? (JSON.parse(c.expectedRaw) as string) : c.expected;
}

const agrees = (verdict: Verdict | undefined, expected: boolean) =>
  (verdict === "pass" && expected) || (verdict === "fail" && !expected);

/**
 * How many cases a function answers as expected, by stage 3's rule: a pass agrees with true, a fail
 * with false, an error or a missing verdict with nothing. Cases whose expectation is not a boolean
 * under the preset's `stringBooleans` are not judged. The pipeline's function accuracy and the
 * audit page's live accuracy are both this count over the kept cases.
 */
export function countAgreement(
  cases: ReadonlyArray<{ expected: boolean | string; verdict: Verdict | undefined }>,
  stringBooleans: boolean,
): { right: number; judged: number } {
  let right = 0,
    judged = 0;
  for (const c of cases) {
    const expected = expectedBoolean(c.expected, stringBooleans);
    if (expected === null) continue;
    judged++;
    if (agrees(c.verdict, expected)) right++;
  }
  return { right, judged };
}

/**
 * Stage 3 of AutoIF: keeps the test cases enough functions agree with, then the functions that are
 * accurate enough on the kept cases, then decides the instruction. Errors never agree. Thresholds
 * and comparisons come from the preset (paper: both > 0.5; code: any function agrees, >= 0.8).
 */
export function crossValidate(
  input: CrossValidationInput,
  config: PipelineConfig["crossValidate"],
): CrossValidationResult {
  const nf = input.functionIds.length;
  const cases: CaseDecision[] = input.cases.map((c, ci) => {
    const expected = expectedBoolean(c.expected, config.stringBooleans);
    if (expected === null) {
      return {
        id: c.id,
        kept: false,
        agreement: 0,
        reason: `expected value ${JSON.stringify(c.expected)} is not a boolean`,
      };
    }
    const agreeing = input.verdicts.filter((row) => agrees(row[ci], expected)).length;
    const agreement = nf === 0 ? 0 : agreeing / nf;
    const kept =
      nf > 0 && passes(agreement, config.caseAccuracyThreshold, config.caseAccuracyComparison);
    const rule = `${config.caseAccuracyComparison === "gt" ? ">" : ">="} ${config.caseAccuracyThreshold}`;
    return {
      id: c.id,
      kept,
      agreement,
      reason: kept ? null : `functions agreeing ${agreeing}/${nf}, needs ${rule}`,
    };
  });

  const keptCases = cases.map((c, ci) => ({ c, ci })).filter(({ c }) => c.kept);
  const functions: FunctionDecision[] = input.functionIds.map((id, fi) => {
    const row = input.verdicts[fi] ?? [];
    // Every kept case has a boolean expectation, so all of them are judged.
    const { right } = countAgreement(
      keptCases.map(({ ci }) => ({ expected: input.cases[ci]!.expected, verdict: row[ci] })),
      config.stringBooleans,
    );
    const accuracy = keptCases.length === 0 ? 0 : right / keptCases.length;
    const kept =
      keptCases.length > 0 &&
      passes(accuracy, config.functionAccuracyThreshold, config.functionAccuracyComparison);
    const rule = `${config.functionAccuracyComparison === "gt" ? ">" : ">="} ${config.functionAccuracyThreshold}`;
    const reason = kept
      ? null
      : keptCases.length === 0
        ? "no test case was kept"
        : `accuracy ${right}/${keptCases.length} on kept cases, needs ${rule}`;
    return { id, kept, accuracy, reason };
  });

  const keptFunctions = functions.filter((f) => f.kept).length;
  let reason: string | null = null;
  if (nf < config.minFunctions)
    reason = `${nf} distinct compiled function(s), needs at least ${config.minFunctions}`;
  else if (input.cases.length < config.minCases)
    reason = `${input.cases.length} distinct test case(s), needs at least ${config.minCases}`;
  else if (keptCases.length < config.minKeptCases)
    reason = `${keptCases.length} test case(s) kept, needs at least ${config.minKeptCases}`;
  else if (keptFunctions < config.minKeptFunctions)
    reason = `${keptFunctions} function(s) kept, needs at least ${config.minKeptFunctions}`;
  return { cases, functions, instruction: { kept: reason === null, reason } };
}
