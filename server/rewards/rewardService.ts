import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions } from "@/db/schema";
import type { Verdict } from "@/lib/autoif/crossValidate";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { instructionKey, parseInstructionKey } from "@/lib/rl/instructionKey";
import {
  rewardFromVerdicts,
  verifiedText,
  type RewardOptions,
  type RewardRequest,
} from "@/lib/rl/rewardProtocol";
import { splitSide } from "@/lib/rl/split";
import type { VerifierLanguage } from "@/lib/verifier/language";
import { currentFunctionsOf } from "../pipeline/currentVerifiers";
import type { VerifierPool } from "../sandbox/pool";
import { getProject } from "../services/projects";
import { getSplit } from "../services/splits";

/** What a label resolves to: the verifiers that make its reward, or why it gets 0 without one. */
type LabelTarget =
  | {
      ok: true;
      instructionId: number;
      number: number;
      verifiers: Array<{ id: number; version: number; language: VerifierLanguage; source: string }>;
    }
  | { ok: false; kind: "unknown" | "held-out" | "no-verifier"; problem: string };

/**
 * The instructions the labels name, checked, in two queries per 500 labels: the key must be one of
 * this project's instructions as its text is now, kept by the pipeline or approved by a reviewer
 * and not rejected, on the train side of the split unless `split=any`, with at least one kept
 * verifier no reviewer rejected. Keyed by labelKey().
 */
function resolveLabels(
  db: Db,
  projectId: number,
  labels: readonly unknown[],
  split: ReturnType<typeof getSplit>,
  options: RewardOptions,
): Map<string, LabelTarget> {
  const targets = new Map<string, LabelTarget>();
  const wanted = new Map<number, string[]>();
  for (const label of labels) {
    const k = labelKey(label);
    if (targets.has(k)) continue;
    if (typeof label !== "string") {
      targets.set(k, {
        ok: false,
        kind: "unknown",
        problem: `the label is ${label === null ? "null" : typeof label}, not an instruction key such as "i12-3fa9c1d27b04"`,
      });
      continue;
    }
    const parsed = parseInstructionKey(label);
    if (!parsed) {
      targets.set(k, {
        ok: false,
        kind: "unknown",
        problem: `the label ${shown(label)} is not an instruction key (i<number>-<12 hex>, as the RLVR exports write)`,
      });
      continue;
    }
    targets.set(k, {
      ok: false,
      kind: "unknown",
      problem: `the label ${shown(label)} names instruction #${parsed.number}, which this project does not have`,
    });
    wanted.set(parsed.number, [...(wanted.get(parsed.number) ?? []), label]);
  }
  const numbers = [...wanted.keys()];
  const found: Array<{ id: number; number: number; label: string }> = [];
  for (let start = 0; start < numbers.length; start += 500) {
    const rows = db
      .select({
        id: instructions.id,
        number: instructions.number,
        hash: instructions.normalizedHash,
        pipelineStatus: instructions.pipelineStatus,
        reviewStatus: instructions.reviewStatus,
      })
      .from(instructions)
      .where(
        and(
          eq(instructions.projectId, projectId),
          inArray(instructions.number, numbers.slice(start, start + 500)),
        ),
      )
      .all();
    for (const row of rows) {
      const number = row.number!;
      for (const label of wanted.get(number) ?? []) {
        const k = labelKey(label);
        if (instructionKey(number, row.hash) !== label) {
          targets.set(k, {
            ok: false,
            kind: "unknown",
            problem: `the label ${shown(label)} does not match instruction #${number}'s text: it changed since the export, or the label is from another project`,
          });
        } else if (row.reviewStatus === "rejected") {
          targets.set(k, {
            ok: false,
            kind: "no-verifier",
            problem: `instruction #${number} was rejected by a reviewer`,
          });
        } else if (row.pipelineStatus !== "kept" && row.reviewStatus !== "approved") {
          targets.set(k, {
            ok: false,
            kind: "no-verifier",
            problem: `instruction #${number} was not kept by the pipeline (${row.pipelineStatus}) nor approved by a reviewer`,
          });
        } else if (split && options.split === "train" && splitSide(split, row.hash) === "test") {
          targets.set(k, {
            ok: false,
            kind: "held-out",
            problem: `instruction #${number} is in the test split, held out from training (the URL option split=any scores it, for evaluation)`,
          });
        } else {
          found.push({ id: row.id, number, label });
        }
      }
    }
  }
  const functions = currentFunctionsOf(db, [...new Set(found.map((f) => f.id))]);
  for (const { id, number, label } of found) {
    const fns = (functions.get(id) ?? []).filter(
      (f) => f.pipelineStatus === "kept" && f.reviewStatus !== "rejected",
    );
    targets.set(
      labelKey(label),
      fns.length === 0
        ? {
            ok: false,
            kind: "no-verifier",
            problem: `instruction #${number} has no kept verifier that a reviewer has not rejected`,
          }
        : {
            ok: true,
            instructionId: id,
            number,
            verifiers: fns.map((f) => ({
              id: f.id,
              version: f.version,
              language: f.language,
              source: f.source,
            })),
          },
    );
  }
  return targets;
}

/** One key per distinct label value, strings apart from other JSON values that print alike. */
const labelKey = (label: unknown) =>
  typeof label === "string" ? `s:${label}` : `j:${JSON.stringify(label) ?? "undefined"}`;
const shown = (label: string) =>
  JSON.stringify(label.length > 80 ? `${label.slice(0, 80)}…` : label);

/** Counts a request leaves in the log (never a text). */
export interface RewardStats {
  items: number;
  labels: number;
  unscored: number;
  unknownLabels: number;
  heldOut: number;
  evaluations: number;
  verifierErrors: number;
  meanReward: number | null;
}

export interface RewardAnswer {
  rewards: number[];
  scores: number[];
  /** Numbers only, one per item: OpenRLHF turns every value into a tensor (a string would stop training). */
  extra_logs: {
    pass_rate: number[];
    verifiers: number[];
    verifier_errors: number[];
    unscored: number[];
  };
  /** Per item: null, or why its reward is 0 or what went wrong in a verifier. Texts, so beside extra_logs. */
  problems: Array<string | null>;
}

const MAX_PROBLEM = 500;
const clip = (s: string) => (s.length > MAX_PROBLEM ? `${s.slice(0, MAX_PROBLEM)}…` : s);

/**
 * Scores one request: every item's response (the query after its prompt, end markers and by
 * default a leading thinking section removed) through its instruction's verifiers in the project's
 * sandbox pool, items of one label in one batch per verifier, all labels at once. Per-item problems
 * give reward 0 and say why; nothing here throws for an item. JavaScript verifiers run in QuickJS,
 * Python ones in Pyodide, on the pool's workers of each language.
 */
export async function scoreRewards(
  db: Db,
  pool: VerifierPool,
  projectId: number,
  request: RewardRequest,
  options: RewardOptions,
): Promise<{ answer: RewardAnswer; stats: RewardStats }> {
  const project = getProject(db, projectId);
  const limits = sandboxLimits(project.config);
  const counting = project.config.execute.errorCounting;
  const split = getSplit(db, projectId);
  const n = request.query.length;
  const answer: RewardAnswer = {
    rewards: new Array<number>(n).fill(0),
    scores: new Array<number>(n).fill(0),
    extra_logs: {
      pass_rate: new Array<number>(n).fill(0),
      verifiers: new Array<number>(n).fill(0),
      verifier_errors: new Array<number>(n).fill(0),
      unscored: new Array<number>(n).fill(0),
    },
    problems: new Array<string | null>(n).fill(null),
  };
  const stats: RewardStats = {
    items: n,
    labels: 0,
    unscored: 0,
    unknownLabels: 0,
    heldOut: 0,
    evaluations: 0,
    verifierErrors: 0,
    meanReward: null,
  };

  const targets = resolveLabels(db, projectId, request.labels, split, options);
  const groups = new Map<
    string,
    { target: Extract<LabelTarget, { ok: true }>; items: number[]; texts: string[] }
  >();
  const unscored = (i: number, problem: string) => {
    answer.problems[i] = clip(problem);
    answer.extra_logs.unscored[i] = 1;
    stats.unscored++;
  };
  for (let i = 0; i < n; i++) {
    const key = labelKey(request.labels[i]);
    const target = targets.get(key)!;
    if (!target.ok) {
      if (target.kind === "unknown") stats.unknownLabels++;
      if (target.kind === "held-out") stats.heldOut++;
      unscored(i, target.problem);
      continue;
    }
    const text = verifiedText(request.query[i]!, request.prompts[i]!, options);
    if ("problem" in text) {
      unscored(i, text.problem);
      continue;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { target, items: [], texts: [] }));
    group.items.push(i);
    group.texts.push(text.response);
  }
  stats.labels = targets.size;

  await Promise.all(
    [...groups.values()].map(async ({ target, items, texts }) => {
      const matrix = await Promise.all(
        target.verifiers.map((v) =>
          pool.evaluate({ language: v.language, source: v.source }, texts, limits),
        ),
      );
      items.forEach((item, k) => {
        const verdicts: Verdict[] = [];
        const errors: string[] = [];
        target.verifiers.forEach((v, vi) => {
          const outcome = matrix[vi]![k]!;
          verdicts.push(outcome.verdict);
          if (outcome.verdict === "error")
            errors.push(`verifier #${v.id} (v${v.version}) ${outcome.kind}: ${outcome.message}`);
        });
        const { reward, passRate } = rewardFromVerdicts(verdicts, counting, options.mode);
        answer.rewards[item] = reward;
        answer.scores[item] = reward;
        answer.extra_logs.pass_rate[item] = passRate ?? 0;
        answer.extra_logs.verifiers[item] = target.verifiers.length;
        answer.extra_logs.verifier_errors[item] = errors.length;
        stats.evaluations += target.verifiers.length;
        stats.verifierErrors += errors.length;
        if (errors.length > 0) {
          const rule = counting === "as-fail" ? "counted as fails" : "left out of the count";
          answer.problems[item] = clip(
            `${errors.length} of ${target.verifiers.length} verifiers of instruction #${target.number} ended in an error (${rule}, the project's rule): ${errors.join("; ")}`,
          );
        }
      });
    }),
  );
  stats.meanReward = n === 0 ? null : answer.rewards.reduce((a, b) => a + b, 0) / n;
  return { answer, stats };
}
