import { sha256Hex } from "../autoif/normalizeInstruction";

/** The two sides of a split. Test instructions never leave in a training export. */
export const SPLIT_SIDES = ["train", "test"] as const;
export type SplitSide = (typeof SPLIT_SIDES)[number];

/**
 * A project's split: a seed and the share of instructions (and of queries) held out for testing.
 * `version` names the assignment rule below, so a file written today names the rule that made it.
 */
export interface SplitSettings {
  seed: number;
  testFraction: number;
  version: typeof SPLIT_VERSION;
}

export const SPLIT_VERSION = 1;
/** Bounds of the test share: a split that holds out nothing, or everything, is no split. */
export const MIN_TEST_FRACTION = 0.01;
export const MAX_TEST_FRACTION = 0.9;

/**
 * Where one item falls: the first 52 bits of SHA-256("autoif-split-v1:<seed>:<key>") as a number in
 * [0, 1), test when below the test share. `key` is the item's normalized-text hash, so each item's
 * side depends only on the seed and its own text: adding instructions or queries later never moves
 * one already assigned (a share-by-rank split would), and the same text gets the same side in every
 * database. The price is that the test count is binomial around `testFraction x n`, not exact.
 */
export function splitPosition(seed: number, key: string): number {
  const hex = sha256Hex(new TextEncoder().encode(`autoif-split-v${SPLIT_VERSION}:${seed}:${key}`));
  return parseInt(hex.slice(0, 13), 16) / 2 ** 52;
}

export function splitSide(
  settings: Pick<SplitSettings, "seed" | "testFraction">,
  key: string,
): SplitSide {
  return splitPosition(settings.seed, key) < settings.testFraction ? "test" : "train";
}

/** Why these settings cannot make a split, or null when they can. */
export function splitSettingsProblem(seed: unknown, testFraction: unknown): string | null {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0)
    return `The seed must be a whole number of 0 or more, got ${String(seed)}.`;
  if (
    typeof testFraction !== "number" ||
    !Number.isFinite(testFraction) ||
    testFraction < MIN_TEST_FRACTION ||
    testFraction > MAX_TEST_FRACTION
  ) {
    return `The test share must be between ${MIN_TEST_FRACTION} and ${MAX_TEST_FRACTION}, got ${String(testFraction)}.`;
  }
  return null;
}
