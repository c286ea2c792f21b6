import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { constraintPairs, instructions, responses, samples, verifierResults } from "@/db/schema";
import {
  CompoundDraw,
  composeKnobs,
  compoundDropReason,
  compoundHash,
  diversityGroups,
  joinConstraints,
  pairKey,
  pairsOf,
  parseConflictLabel,
  type Candidate,
  type PairVerdict,
} from "@/lib/autoif/compose";
import { composeJudgePrompt, composeWitnessPrompt } from "@/lib/autoif/prompts";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { forEachConcurrent } from "../concurrency";
import { currentFunctions, judgedCases } from "../currentVerifiers";
import type { StageContext } from "../types";
import type { VerifierCode } from "@/lib/verifier/language";

/** Stages after which an atomic instruction has passed back-translation (it may be composed). */
export const composableStages = [
  "back-translate",
  "pair-queries",
  "respond",
  "execute",
  "score",
  "pairs",
] as const;

/** Texts known to satisfy an instruction, per instruction, at most this many (test cases first). */
const KNOWN_TEXTS = 16;

interface Atomic {
  id: number;
  number: number | null;
  text: string;
  /** Its kept verifiers' code (the ones that decide whether a text satisfies it). */
  sources: VerifierCode[];
  /** Texts every kept verifier passes, from the stored results, with where they come from. */
  known: Array<{ text: string; source: string }>;
}

/** Kept atomic instructions past back-translation, with their kept verifiers and known passing texts. */
export function loadAtomics(db: Db, projectId: number): Atomic[] {
  const rows = db
    .select({ id: instructions.id, number: instructions.number, text: instructions.text })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, projectId),
        eq(instructions.kind, "atomic"),
        eq(instructions.pipelineStatus, "kept"),
        inArray(instructions.pipelineStage, [...composableStages]),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  return rows.flatMap((row) => {
    const kept = currentFunctions(db, row.id).filter((f) => f.pipelineStatus === "kept");
    if (kept.length === 0) return [];
    const ids = kept.map((f) => f.id);
    const results = db
      .select({
        verifierId: verifierResults.verifierId,
        kind: verifierResults.targetKind,
        targetId: verifierResults.targetId,
        outcome: verifierResults.outcome,
      })
      .from(verifierResults)
      .where(inArray(verifierResults.verifierId, ids))
      .all();
    const passes = new Map<string, number>();
    for (const r of results)
      if (r.outcome === "pass")
        passes.set(`${r.kind}:${r.targetId}`, (passes.get(`${r.kind}:${r.targetId}`) ?? 0) + 1);
    const allPass = (kind: string, id: number) => passes.get(`${kind}:${id}`) === ids.length;
    const known: Atomic["known"] = judgedCases(db, row.id)
      .filter((c) => c.pipelineStatus === "kept" && allPass("case", c.id))
      .slice(0, KNOWN_TEXTS)
      .map((c) => ({
        text: c.input,
        source: `test case #${c.id} of instruction #${row.number ?? row.id}`,
      }));
    if (known.length < KNOWN_TEXTS) {
      const rs = db
        .select({ id: responses.id, number: responses.number, text: responses.text })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .where(eq(samples.instructionId, row.id))
        .orderBy(asc(responses.id))
        .all();
      for (const r of rs) {
        if (known.length >= KNOWN_TEXTS) break;
        if (allPass("response", r.id))
          known.push({ text: r.text, source: `response #${r.number ?? r.id}` });
      }
    }
    return [
      {
        id: row.id,
        number: row.number,
        text: row.text,
        sources: kept.map((f) => ({ language: f.language, source: f.source })),
        known,
      },
    ];
  });
}

/**
 * The stored verdicts of a project's pairs, read one pair at a time as the draw meets it (a project
 * may hold hundreds of thousands) and cached; `set` records one checked here.
 */
export function storedPairVerdicts(db: Db, projectId: number) {
  const cache = new Map<string, PairVerdict>();
  const read = db.$client.prepare(
    "select verdict, evidence, witness, witness_source as witnessSource, reason from constraint_pairs where project_id = ? and a_id = ? and b_id = ?",
  );
  return {
    get(a: number, b: number): PairVerdict | undefined {
      const key = pairKey(a, b);
      const hit = cache.get(key);
      if (hit) return hit;
      const row = read.get(projectId, Math.min(a, b), Math.max(a, b)) as PairVerdict | undefined;
      if (row) cache.set(key, row);
      return row;
    },
    set(a: number, b: number, v: PairVerdict) {
      cache.set(pairKey(a, b), v);
    },
    get size() {
      return cache.size;
    },
  };
}

/**
 * Stage 5 (optional, `compose.enabled`): draws compound instructions of 2..n kept atomic ones
 * (seeded, with the diversity rules), checks every pair of constraints they join for a conflict
 * by execution, and keeps the compounds with no conflicting pair (the others are stored dropped,
 * the pair named). Pair verdicts are stored per project, so a resumed or later run checks no pair
 * twice; the draw depends only on the seed and the verdicts, so a resume composes alike.
 */
export async function composeStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const knobs = composeKnobs(config);
  if (!knobs.enabled) {
    ctx.progress.setTotal(0);
    ctx.progress.status("off (compose.enabled)");
    return;
  }
  const atomics = loadAtomics(db, ctx.projectId);
  const byId = new Map(atomics.map((a) => [a.id, a]));
  const groups = diversityGroups(
    atomics.map((a) => ({
      id: a.id,
      text: a.text,
      verifierSources: a.sources.map((c) => c.source),
    })),
    knobs.groupSimilarity,
  );
  const draw = new CompoundDraw(
    atomics.map((a) => a.id),
    groups,
    knobs,
    knobs.count * 10,
  );
  const verdicts = storedPairVerdicts(db, ctx.projectId);
  const limits = sandboxLimits(config);
  const checker = pairChecker(ctx, byId, limits);
  const writeCompound = compoundWriter(db, ctx, byId);
  const numberOf = (id: number) => byId.get(id)?.number ?? null;
  let kept = 0;
  let decided = 0;
  let checked = 0;
  let total = 0;
  ctx.progress.setTotal(0);
  ctx.progress.status(
    `drawing ${knobs.count} compounds from ${atomics.length} atomic instructions`,
  );

  while (kept < knobs.count && !ctx.signal.aborted) {
    const wave = draw.nextWave(knobs.count - kept);
    if (wave.length === 0) break;
    const needed = new Map<string, [number, number]>();
    for (const c of wave)
      for (const [a, b] of pairsOf(c.ids))
        if (!verdicts.get(a, b)) needed.set(pairKey(a, b), [a, b]);
    total += Math.ceil(wave.length / WRITE_CHUNK) + needed.size;
    ctx.progress.setTotal(total);
    ctx.progress.status(
      `checking ${needed.size} pairs for ${wave.length} compounds (${kept} of ${knobs.count} kept so far)`,
    );
    await forEachConcurrent(
      [...needed.values()],
      Math.max(ctx.pool.size * 2, config.llm.generator.concurrency),
      ctx.signal,
      async ([a, b]) => {
        const verdict = await checker(a, b);
        verdicts.set(a, b, verdict);
        checked++;
      },
    );
    // A wave whose checks did not all finish is decided by a resumed run, never half here.
    if (ctx.signal.aborted) return;
    // Decided in draw order, written a chunk per transaction (a unit each).
    for (let from = 0; from < wave.length; from += WRITE_CHUNK) {
      const chunk = wave.slice(from, from + WRITE_CHUNK).map((candidate) => {
        const pairVerdicts = pairsOf(candidate.ids).map(([a, b]) => ({
          a,
          b,
          verdict: verdicts.get(a, b) ?? missing,
        }));
        const reason = compoundDropReason(pairVerdicts, numberOf);
        draw.settle(candidate, reason === null);
        if (reason === null) kept++;
        return { candidate, reason };
      });
      writeTransaction(db, () => {
        for (const c of chunk) writeCompound(c.candidate, c.reason);
      });
      decided += chunk.length;
      ctx.progress.unitDone(`compose:${compoundHash(chunk[0]!.candidate.ids)}+${chunk.length}`);
    }
  }
  ctx.progress.status(
    `${kept} compounds kept of ${decided} drawn; ${checked} pairs checked (${verdicts.size} looked up)`,
  );
}

const missing: PairVerdict = {
  verdict: "unknown",
  evidence: "none",
  witness: null,
  witnessSource: null,
  reason: "its check failed (see the failed units)",
};

/** Compounds written per transaction (one unit of the stage's progress). */
const WRITE_CHUNK = 200;

/**
 * Writes decided compounds inside the caller's transaction, with statements prepared once: at
 * 10,000 compounds, drizzle preparing each insert anew cost more than the writes themselves.
 * A compound already stored (same constituents) that later stages took stays as it is; one still
 * at compose takes the new verdict.
 */
function compoundWriter(db: Db, ctx: StageContext, byId: ReadonlyMap<number, Atomic>) {
  const find = db.$client.prepare(
    "select id, pipeline_stage as stage from instructions where project_id = ? and normalized_hash = ?",
  );
  const update = db.$client.prepare(
    "update instructions set pipeline_status = ?, drop_reason = ?, updated_at = ? where id = ?",
  );
  const insert = db.$client.prepare(
    "insert into instructions (project_id, run_id, text, normalized_hash, kind, constraint_count, pipeline_stage, pipeline_status, drop_reason, review_status, created_at, updated_at) values (?, ?, ?, ?, 'compound', ?, 'compose', ?, ?, 'unreviewed', ?, ?) returning id",
  );
  const part = db.$client.prepare(
    "insert into compound_constituents (compound_id, constituent_id, position) values (?, ?, ?)",
  );
  return (candidate: Candidate, reason: string | null) => {
    const hash = compoundHash(candidate.ids);
    const status = reason === null ? "kept" : "dropped";
    const now = Date.now();
    const existing = find.get(ctx.projectId, hash) as
      { id: number; stage: string | null } | undefined;
    if (existing) {
      if (existing.stage === "compose") update.run(status, reason, now, existing.id);
      return;
    }
    const text = joinConstraints(
      candidate.ids.map((id) => byId.get(id)!.text),
      candidate.template,
    );
    const { id } = insert.get(
      ctx.projectId,
      ctx.runId,
      text,
      hash,
      candidate.ids.length,
      status,
      reason,
      now,
      now,
    ) as { id: number };
    candidate.ids.forEach((constituentId, position) => part.run(id, constituentId, position));
  };
}

/**
 * Checks one pair for a conflict, strongest evidence first, and stores the verdict:
 * 1. a known text of either instruction (a test case or response every kept verifier of it
 *    passes) that every kept verifier of the other passes: compatible, with that witness;
 * 2. else up to `witnessAttempts` answers the generator writes to follow both, each run through
 *    both instructions' kept verifiers: the first that passes all is the witness;
 * 3. else the judge's verdict, marked unverified (evidence "judge").
 */
function pairChecker(
  ctx: StageContext,
  byId: ReadonlyMap<number, Atomic>,
  limits: ReturnType<typeof sandboxLimits>,
) {
  const { db, config } = ctx;
  const knobs = composeKnobs(config);
  const passesAll = async (
    sources: readonly VerifierCode[],
    texts: readonly string[],
  ): Promise<number> => {
    if (texts.length === 0) return -1;
    const matrix = await ctx.pool.evaluateMatrix(sources, texts, limits);
    return texts.findIndex((_, ti) => matrix.every((row) => row[ti]!.verdict === "pass"));
  };
  const store = (
    a: number,
    b: number,
    v: PairVerdict,
    attempts: number,
    llmCallId: number | null,
  ) => {
    db.insert(constraintPairs)
      .values({
        projectId: ctx.projectId,
        runId: ctx.runId,
        aId: a,
        bId: b,
        ...v,
        attempts,
        llmCallId,
      })
      .onConflictDoUpdate({
        target: [constraintPairs.projectId, constraintPairs.aId, constraintPairs.bId],
        set: { runId: ctx.runId, ...v, attempts, llmCallId },
      })
      .run();
  };
  return async (a: number, b: number): Promise<PairVerdict> => {
    const unitKey = `compose:pair:${a}:${b}`;
    const A = byId.get(a)!;
    const B = byId.get(b)!;
    const label = (x: Atomic) => `#${x.number ?? x.id}`;
    for (const [from, to] of [
      [A, B],
      [B, A],
    ] as const) {
      const i = await passesAll(
        to.sources,
        from.known.map((k) => k.text),
      );
      if (i >= 0) {
        const v: PairVerdict = {
          verdict: "compatible",
          evidence: "known",
          witness: from.known[i]!.text,
          witnessSource: from.known[i]!.source,
          reason: null,
        };
        store(a, b, v, 0, null);
        ctx.progress.unitDone(unitKey);
        return v;
      }
    }
    let lastCall: number | null = null;
    for (let attempt = 0; attempt < knobs.witnessAttempts; attempt++) {
      const result = await ctx.llm.call({
        role: "generator",
        kind: "compose-witness",
        messages: composeWitnessPrompt(A.text, B.text),
        sampleIndex: attempt,
      });
      if (!result.ok) {
        ctx.progress.unitFailed(
          unitKey,
          `witness attempt ${attempt + 1} for ${label(A)} and ${label(B)}: ${result.error}`,
          result.raw,
          result.callId,
        );
        return missing;
      }
      lastCall = result.callId;
      if ((await passesAll([...A.sources, ...B.sources], [result.content])) === 0) {
        const v: PairVerdict = {
          verdict: "compatible",
          evidence: "generated",
          witness: result.content,
          witnessSource: `generated (attempt ${attempt + 1} of ${knobs.witnessAttempts})`,
          reason: null,
        };
        store(a, b, v, attempt + 1, result.callId);
        ctx.progress.unitDone(unitKey);
        return v;
      }
    }
    const known = A.known.length + B.known.length;
    const noWitness = `no known text (${known} checked) and no generated answer (${knobs.witnessAttempts} tried) passes both`;
    const judged = await ctx.llm.call({
      role: "judge",
      kind: "compose-judge",
      messages: composeJudgePrompt(A.text, B.text),
    });
    if (!judged.ok) {
      ctx.progress.unitFailed(
        unitKey,
        `judge on ${label(A)} and ${label(B)}: ${judged.error}`,
        judged.raw,
        judged.callId,
      );
      return missing;
    }
    const said = parseConflictLabel(judged.content);
    const v: PairVerdict = {
      verdict: said ?? "unknown",
      evidence: said ? "judge" : "none",
      witness: null,
      witnessSource: null,
      reason: said
        ? `${noWitness}; the judge says ${said} (unverified): ${judged.content.trim().slice(0, 300)}`
        : `${noWitness}; the judge's answer names neither compatible nor conflict`,
    };
    store(a, b, v, knobs.witnessAttempts, judged.callId ?? lastCall);
    if (said) ctx.progress.unitDone(unitKey);
    else
      ctx.progress.unitFailed(
        unitKey,
        "the judge's answer names neither compatible nor conflict",
        judged.content,
        judged.callId,
      );
    return v;
  };
}
