import type { PipelineConfig } from "../schemas/pipelineConfig";
import { passes } from "./compare";
import type { Verdict } from "./crossValidate";
import { passRate } from "./responseDecisions";

/** One constraint of a compound instruction as a response met it. */
export interface ConstraintOutcome {
  /** The atomic instruction (constraint) and its per-project number. */
  instructionId: number;
  number: number | null;
  /** Its own pass rate over its kept verifiers, by the preset's counting rule (null: nothing counted). */
  passRate: number | null;
  /** Whether the constraint holds by its own rule: its pass rate passes the execute threshold. */
  satisfied: boolean;
}

/** A compound response's outcome per constraint and both pass rates (stored on `responses.constraint_outcomes`). */
export interface ConstraintOutcomes {
  constraints: ConstraintOutcome[];
  /** 1 when every constraint is satisfied, else 0. */
  strict: number;
  /** The share of constraints satisfied, 0..1. */
  partial: number;
}

export type CompoundPassRate = "strict" | "partial";

/** The rule each constraint is held to: the execute stage's counting and SFT threshold, as for an atomic response. */
export type ConstraintRule = Pick<
  PipelineConfig["execute"],
  "errorCounting" | "sftPassRateThreshold" | "sftPassRateComparison"
>;

/**
 * Checks a response to a compound instruction: each constraint by the verdicts of its own kept
 * verifiers (one list per constraint), satisfied when its pass rate passes the rule; strict is
 * all satisfied, partial the share. A constraint with nothing counted is not satisfied.
 */
export function compoundOutcomes(
  constraints: ReadonlyArray<{
    instructionId: number;
    number?: number | null;
    verdicts: readonly Verdict[];
  }>,
  rule: ConstraintRule,
): ConstraintOutcomes {
  const outcomes = constraints.map((c) => {
    const rate = passRate(c.verdicts, rule.errorCounting);
    return {
      instructionId: c.instructionId,
      number: c.number ?? null,
      passRate: rate,
      satisfied:
        rate !== null && passes(rate, rule.sftPassRateThreshold, rule.sftPassRateComparison),
    };
  });
  const satisfied = outcomes.filter((o) => o.satisfied).length;
  return {
    constraints: outcomes,
    strict: outcomes.length > 0 && satisfied === outcomes.length ? 1 : 0,
    partial: outcomes.length === 0 ? 0 : satisfied / outcomes.length,
  };
}

/** The pass rate the pipeline uses for a compound response: strict or partial, as compose.passRate says. */
export function compoundPassRate(outcomes: ConstraintOutcomes, mode: CompoundPassRate): number {
  return mode === "strict" ? outcomes.strict : outcomes.partial;
}

/**
 * A compound's reward for one response (the reward server's and the evaluation's entry point):
 * the verdicts of each constraint's approved or kept verifiers, strict (0 or 1) or partial
 * credit (the share of constraints satisfied).
 */
export function scoreCompound(
  constraintVerdicts: ReadonlyArray<readonly Verdict[]>,
  mode: CompoundPassRate,
  rule: ConstraintRule,
): { reward: number; outcomes: ConstraintOutcomes } {
  const outcomes = compoundOutcomes(
    constraintVerdicts.map((verdicts, i) => ({ instructionId: i, verdicts })),
    rule,
  );
  return { reward: compoundPassRate(outcomes, mode), outcomes };
}
