import type { PipelineConfig } from "../schemas/pipelineConfig";
import { passes } from "./compare";
import type { Verdict } from "./crossValidate";
import { seededRandom } from "./seededSample";

/**
 * The share of counted verifiers a response passes, 0..1. "as-fail" (paper): every kept verifier
 * counts, an error counts as a fail; null when there is no verifier at all. "excluded" (code):
 * errors and non-boolean results are left out of the count, and a response with nothing counted
 * has pass rate 0 (`np.mean(acc) if acc else 0`, code/7_query_vertification.py l.62 and
 * code_dpo/1_dpo_rft_wash.py l.68), so it is a rejected DPO candidate.
 */
export function passRate(
  verdicts: readonly Verdict[],
  counting: PipelineConfig["execute"]["errorCounting"],
): number | null {
  const counted = counting === "as-fail" ? verdicts : verdicts.filter((v) => v !== "error");
  if (counted.length === 0) return counting === "excluded" ? 0 : null;
  return counted.filter((v) => v === "pass").length / counted.length;
}

/** Mean of the judge's scores (0..10); unparsable samples are left out, none parsed gives null. */
export function meanScore(scores: ReadonlyArray<number | null>): number | null {
  const parsed = scores.filter((s): s is number => s !== null);
  return parsed.length === 0 ? null : parsed.reduce((a, b) => a + b, 0) / parsed.length;
}

export interface ResponseDecision {
  /** Whether execution keeps it (pass rate passes the SFT threshold), before scoring. */
  executionKept: boolean;
  kept: boolean;
  reason: string | null;
}

const rule = (cmp: "gt" | "gte", t: number) => `${cmp === "gt" ? ">" : ">="} ${t}`;

/**
 * A response's SFT decision: its pass rate must pass the execution threshold, then its mean
 * judge score the score threshold. `score` undefined means it was never scored. With
 * execute.distinctTexts, a response with the same text as an earlier response of its sample
 * (`sameTextAs`, that response's id) is dropped: the SFT rows are a set.
 */
export function decideResponse(
  passRateValue: number | null,
  score: number | null | undefined,
  config: PipelineConfig,
  sameTextAs?: number | null,
): ResponseDecision {
  const ex = config.execute;
  if (ex.distinctTexts && sameTextAs != null)
    return { executionKept: false, kept: false, reason: `same text as response #${sameTextAs}` };
  if (passRateValue === null)
    return { executionKept: false, kept: false, reason: "no verifier result counted" };
  if (!passes(passRateValue, ex.sftPassRateThreshold, ex.sftPassRateComparison)) {
    return {
      executionKept: false,
      kept: false,
      reason: `pass rate ${passRateValue.toFixed(2)}, needs ${rule(ex.sftPassRateComparison, ex.sftPassRateThreshold)}`,
    };
  }
  if (score === undefined)
    return {
      executionKept: true,
      kept: false,
      reason: "not scored: the run scored only responses its execution thresholds kept",
    };
  if (score === null)
    return { executionKept: true, kept: false, reason: "no parsable judge score" };
  if (!passes(score, config.score.threshold, config.score.comparison)) {
    return {
      executionKept: true,
      kept: false,
      reason: `score ${score.toFixed(1)}, needs ${rule(config.score.comparison, config.score.threshold)}`,
    };
  }
  return { executionKept: true, kept: true, reason: null };
}

/**
 * DPO pairs of one sample: chosen from responses whose pass rate passes the chosen threshold,
 * rejected from those at or below the rejected pass rate. Draw "matched" (paper): maxPerSide x
 * maxPerSide pairs when both sides have that many, else 1 x 1 when both have one. Draw
 * "each-side" (code): min(maxPerSide, n) drawn from each side whenever both have one, and every
 * chosen draw paired with every rejected draw. With distinctTexts, pairs whose two texts equal an
 * earlier pair's are left out (`textKey`: the same key for responses with the same text).
 * Draws depend only on `seed` and each response's `order` (its sample index), never on database
 * row ids, so a resumed run draws alike.
 */
export function selectPairs(
  responses: ReadonlyArray<{
    id: number;
    passRate: number | null;
    order?: number;
    textKey?: number;
  }>,
  config: PipelineConfig["pairs"],
  seed: number,
): Array<{ chosen: number; rejected: number }> {
  const sorted = [...responses].sort((a, b) => (a.order ?? a.id) - (b.order ?? b.id));
  const chosen = sorted
    .filter(
      (r) =>
        r.passRate !== null && passes(r.passRate, config.chosenPassRate, config.chosenComparison),
    )
    .map((r) => r.id);
  const rejected = sorted
    .filter((r) => r.passRate !== null && r.passRate <= config.rejectedPassRate)
    .map((r) => r.id);
  if (chosen.length === 0 || rejected.length === 0) return [];
  const matched =
    chosen.length >= config.maxPerSide && rejected.length >= config.maxPerSide
      ? config.maxPerSide
      : 1;
  const random = seededRandom(seed);
  const draw = (ids: number[]) => {
    const n = config.draw === "each-side" ? Math.min(config.maxPerSide, ids.length) : matched;
    const pool = [...ids];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, n);
  };
  const c = draw(chosen);
  const r = draw(rejected);
  const pairs = c.flatMap((chosenId) =>
    r.map((rejectedId) => ({ chosen: chosenId, rejected: rejectedId })),
  );
  if (!config.distinctTexts) return pairs;
  const keyOf = new Map(responses.map((x) => [x.id, x.textKey ?? x.id]));
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const key = `${keyOf.get(p.chosen)}:${keyOf.get(p.rejected)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The earlier response with the same text, from a response's text key; null when it is the first. */
export function sameTextAs(r: { id: number; textKey: number }): number | null {
  return r.textKey !== r.id ? r.textKey : null;
}
