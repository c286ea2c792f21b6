import type { PipelineConfig } from "../schemas/pipelineConfig";
import { crossValidate, type CrossValidationResult, type Verdict } from "./crossValidate";
import { compoundOutcomes, compoundPassRate, type ConstraintOutcomes } from "./compound";
import { composeKnobs } from "./compose";
import { decideResponse, passRate, sameTextAs, selectPairs } from "./responseDecisions";

/** What replay needs of one cross-validated instruction; all of it is stored by a run. */
export interface ReplayInstruction {
  id: number;
  functionIds: number[];
  cases: Array<{ id: number; expected: boolean | string }>;
  /** caseVerdicts[f][c] for functionIds x cases. */
  caseVerdicts: Verdict[][];
  /** Stored back-translations and their judge labels, by verifier id. */
  backTranslations: Map<
    number,
    {
      text: string;
      label: "entail" | "neutral" | "contradict" | null;
      /** The verifier's per-project number, as reasons name it. */ number?: number | null;
    }
  >;
  /**
   * A compound instruction (no functions or cases of its own): its constituents in order, each
   * with its functions (the response verdicts are these lists one after another), and the
   * conflict compose found among them (null: none).
   */
  compound?: {
    constituents: Array<{ id: number; number: number | null; functionIds: number[] }>;
    conflict: string | null;
  };
  samples: Array<{
    id: number;
    responses: Array<{
      id: number;
      order: number;
      /** The same number for responses of the sample with the same text (the first such response's id). */
      textKey: number;
      /** Verdict of each function in functionIds on this response (undefined: never executed). */
      verdicts: Array<Verdict | undefined>;
      /** Mean judge score, and whether the response was ever scored. */
      score: number | null;
      scored: boolean;
    }>;
  }>;
}

export interface ReplayResult {
  instructions: Array<{
    id: number;
    kept: boolean;
    reason: string | null;
    crossValidation: CrossValidationResult;
  }>;
  /** `constraintOutcomes`: a compound response's outcome per constraint (undefined for an atomic one's). */
  responses: Array<{
    id: number;
    passRate: number | null;
    sameTextAs: number | null;
    kept: boolean;
    reason: string | null;
    constraintOutcomes?: ConstraintOutcomes | null;
  }>;
  pairs: Array<{ sampleId: number; chosen: number; rejected: number }>;
}

/**
 * Recomputes every decision from cross-validation on from stored results, with new thresholds
 * and no LLM call: cases and functions from the case matrix, the back-translation verdicts the
 * judge gave, pass rates from the response matrix, the stored scores, and the pairs.
 * A function kept now that was never back-translated counts as not contradicting; a response
 * that execution now keeps but the run never scored is dropped as "not scored".
 */
export function replayDecisions(
  input: readonly ReplayInstruction[],
  config: PipelineConfig,
): ReplayResult {
  const result: ReplayResult = { instructions: [], responses: [], pairs: [] };
  // Atomic instructions first: a compound is decided by its constituents' replayed decisions.
  const keptFunctions = new Map<number, Set<number> | null>();
  const ordered = [...input.filter((i) => !i.compound), ...input.filter((i) => i.compound)];
  for (const ins of ordered) {
    if (ins.compound) {
      replayCompound(ins, ins.compound, keptFunctions, config, result);
      continue;
    }
    const cv = crossValidate(
      { functionIds: ins.functionIds, cases: ins.cases, verdicts: ins.caseVerdicts },
      config.crossValidate,
    );
    const keptFns = cv.functions.filter((f) => f.kept).map((f) => f.id);
    const contradicting = keptFns.find(
      (id) => ins.backTranslations.get(id)?.label === "contradict",
    );
    const kept = cv.instruction.kept && contradicting === undefined;
    const reason = !cv.instruction.kept
      ? `cross-validation: ${cv.instruction.reason}`
      : contradicting !== undefined
        ? `back-translation of verifier #${ins.backTranslations.get(contradicting)?.number ?? contradicting} contradicts it: "${ins.backTranslations.get(contradicting)?.text ?? ""}"`
        : null;
    result.instructions.push({ id: ins.id, kept, reason, crossValidation: cv });
    keptFunctions.set(ins.id, kept ? new Set(keptFns) : null);
    const keptIdx = ins.functionIds
      .map((id, i) => (keptFns.includes(id) ? i : -1))
      .filter((i) => i >= 0);
    for (const sample of ins.samples) {
      const rates: Array<{ id: number; passRate: number | null; order: number; textKey: number }> =
        [];
      for (const r of sample.responses) {
        const verdicts = keptIdx
          .map((i) => r.verdicts[i])
          .filter((v): v is Verdict => v !== undefined);
        const rate = kept ? passRate(verdicts, config.execute.errorCounting) : null;
        const duplicate = sameTextAs(r);
        const decision = kept
          ? decideResponse(rate, r.scored ? r.score : undefined, config, duplicate)
          : { kept: false, reason: "its instruction is dropped" };
        result.responses.push({
          id: r.id,
          passRate: rate,
          sameTextAs: duplicate,
          kept: decision.kept,
          reason: decision.reason,
        });
        rates.push({ id: r.id, passRate: rate, order: r.order, textKey: r.textKey });
      }
      if (kept) {
        for (const p of selectPairs(rates, config.pairs, config.pairs.seed + sample.id)) {
          result.pairs.push({ sampleId: sample.id, chosen: p.chosen, rejected: p.rejected });
        }
      }
    }
  }
  return result;
}

/**
 * A compound from stored results: kept when compose kept it and every constituent is kept now;
 * each response's constraints by their constituents' kept functions now, strict or partial.
 */
function replayCompound(
  ins: ReplayInstruction,
  compound: NonNullable<ReplayInstruction["compound"]>,
  keptFunctions: ReadonlyMap<number, Set<number> | null>,
  config: PipelineConfig,
  result: ReplayResult,
): void {
  // A constituent replay does not decide (imported past cross-validation) stands as it is, all its functions counted.
  const keptOf = (c: { id: number; functionIds: number[] }) =>
    keptFunctions.has(c.id) ? keptFunctions.get(c.id)! : new Set(c.functionIds);
  const lost = compound.constituents.find((c) => keptOf(c) === null);
  const kept = compound.conflict === null && lost === undefined;
  const reason =
    compound.conflict ??
    (lost ? `constituent instruction #${lost.number ?? lost.id} is dropped` : null);
  result.instructions.push({
    id: ins.id,
    kept,
    reason,
    crossValidation: { cases: [], functions: [], instruction: { kept, reason } },
  });
  const mode = composeKnobs(config).passRate;
  for (const sample of ins.samples) {
    const rates: Array<{ id: number; passRate: number | null; order: number; textKey: number }> =
      [];
    for (const r of sample.responses) {
      let from = 0;
      const parts = compound.constituents.map((c) => {
        const keep = keptOf(c);
        const verdicts = c.functionIds.flatMap((f, i) =>
          keep?.has(f) && r.verdicts[from + i] !== undefined ? [r.verdicts[from + i]!] : [],
        );
        from += c.functionIds.length;
        return { instructionId: c.id, number: c.number, verdicts };
      });
      const outcomes = kept ? compoundOutcomes(parts, config.execute) : null;
      const rate = outcomes ? compoundPassRate(outcomes, mode) : null;
      const duplicate = sameTextAs(r);
      const decision = kept
        ? decideResponse(rate, r.scored ? r.score : undefined, config, duplicate)
        : { kept: false, reason: "its instruction is dropped" };
      result.responses.push({
        id: r.id,
        passRate: rate,
        sameTextAs: duplicate,
        kept: decision.kept,
        reason: decision.reason,
        constraintOutcomes: outcomes,
      });
      rates.push({ id: r.id, passRate: rate, order: r.order, textKey: r.textKey });
    }
    if (kept)
      for (const p of selectPairs(rates, config.pairs, config.pairs.seed + sample.id))
        result.pairs.push({ sampleId: sample.id, chosen: p.chosen, rejected: p.rejected });
  }
}
