import type { Verdict } from "./crossValidate";

export type HumanLabel = "follows" | "violates";

/** A confusion matrix of a verifier (pass = "follows") against human labels, with its rates. */
export interface LabelAgreement {
  /** Responses with both a human label and a verdict. */
  n: number;
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
  /** Share of responses where verdict and label agree, 0..1; null when n = 0. */
  accuracy: number | null;
  /** Of the responses the verifier passed, the share humans say follow, 0..1; null when it passed none. */
  precision: number | null;
  /** Of the responses humans say follow, the share the verifier passed, 0..1; null when none follow. */
  recall: number | null;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/**
 * Compares predictions (true: the response follows) with human labels, pairwise by index.
 * A verifier error is a prediction of "does not follow", as the paper preset counts it.
 */
export function labelAgreement(
  predicted: readonly boolean[],
  truth: readonly boolean[],
): LabelAgreement {
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  predicted.forEach((p, i) => {
    const t = truth[i];
    if (t === undefined) return;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
    else tn++;
  });
  const n = tp + fp + tn + fn;
  return {
    n,
    truePositive: tp,
    falsePositive: fp,
    trueNegative: tn,
    falseNegative: fn,
    accuracy: ratio(tp + tn, n),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
  };
}

/**
 * Cohen's kappa between two raters of the same items (booleans, pairwise by index): agreement
 * beyond chance, -1..1. Null when there are no items or chance agreement is already 1 (both
 * raters gave one and the same answer to everything, so kappa is undefined).
 */
export function cohensKappa(a: readonly boolean[], b: readonly boolean[]): number | null {
  const n = Math.min(a.length, b.length);
  if (n === 0) return null;
  let agree = 0,
    aYes = 0,
    bYes = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    if (a[i]) aYes++;
    if (b[i]) bYes++;
  }
  const observed = agree / n;
  const chance = (aYes / n) * (bYes / n) + (1 - aYes / n) * (1 - bYes / n);
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}

/** True when more than half of the verdicts pass (errors count against); false for no verdicts. */
export function majorityPasses(verdicts: readonly Verdict[]): boolean {
  const passing = verdicts.filter((v) => v === "pass").length;
  return verdicts.length > 0 && passing * 2 > verdicts.length;
}

/**
 * The human label of one response from its label history (oldest first): each reviewer's latest
 * label counts ("clear" withdraws it), then the majority decides; a tie or no label gives null.
 */
export function combineLabels(
  history: ReadonlyArray<{ reviewer: string; label: HumanLabel | "clear" }>,
): HumanLabel | null {
  const latest = new Map<string, HumanLabel | "clear">();
  for (const h of history) latest.set(h.reviewer, h.label);
  let follows = 0,
    violates = 0;
  for (const label of latest.values()) {
    if (label === "follows") follows++;
    else if (label === "violates") violates++;
  }
  return follows > violates ? "follows" : violates > follows ? "violates" : null;
}
