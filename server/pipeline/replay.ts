import "server-only";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  backTranslations,
  compoundConstituents,
  instructions,
  projects,
  responses,
  samples,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { instructionOfVerifier } from "@/db/projectScope";
import { storedExpectation, type Verdict } from "@/lib/autoif/crossValidate";
import { replayDecisions, type ReplayInstruction, type ReplayResult } from "@/lib/autoif/replay";
import { checkPipelineConfig } from "@/lib/autoif/configCheck";
import { getAt } from "@/lib/schemas/configFields";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { InvalidInputError } from "../errors";
import { replacePairsOfSamples } from "./replacePairs";
import { projectFunnel } from "./funnel";
import { isLatestVersion } from "./currentVerifiers";

/** An instruction's stored back-translations and judge labels by verifier id, with the verifier's number for reasons. */
export function storedBackTranslations(
  db: Db,
  instructionId: number,
): ReplayInstruction["backTranslations"] {
  return new Map(
    db
      .select({
        verifierId: backTranslations.verifierId,
        number: verifiers.number,
        text: backTranslations.text,
        label: backTranslations.judgeLabel,
      })
      .from(backTranslations)
      .innerJoin(verifiers, eq(verifiers.id, backTranslations.verifierId))
      .where(eq(backTranslations.instructionId, instructionId))
      .all()
      .map((b) => [b.verifierId, { text: b.text, label: b.label, number: b.number }]),
  );
}

/**
 * Loads, for every cross-validated instruction of a project, the stored results replay needs. An
 * instruction that is not dropped but has no case matrix was never cross-validated here (a run
 * drops one without cases or functions): it came from a file imported past cross-validation
 * (referenceImport.ts) and is left as the file decided it.
 */
export function loadReplayInput(db: Db, projectId: number): ReplayInstruction[] {
  const done = db
    .select({
      id: instructions.id,
      kind: instructions.kind,
      status: instructions.pipelineStatus,
      reason: instructions.dropReason,
    })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, projectId),
        inArray(instructions.pipelineStage, [
          "cross-validate",
          "back-translate",
          "compose",
          "pair-queries",
          "respond",
          "execute",
          "score",
          "pairs",
        ]),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  return done.flatMap(({ id, kind, status, reason }) => {
    if (kind === "compound")
      return [
        loadCompound(
          db,
          id,
          status === "dropped" && reason?.startsWith("instructions #") ? reason : null,
        ),
      ];
    const fns = db
      .select({ id: verifiers.id })
      .from(verifiers)
      // A version replaced by an edit no longer takes part (the studio's saveVerifierVersion).
      .where(and(eq(verifiers.instructionId, id), isNotNull(verifiers.accuracy), isLatestVersion))
      .orderBy(asc(verifiers.id))
      .all()
      .map((f) => f.id);
    const cases = db
      .select({
        id: testCases.id,
        expected: testCases.expected,
        expectedRaw: testCases.expectedRaw,
        reason: testCases.dropReason,
      })
      .from(testCases)
      .where(eq(testCases.instructionId, id))
      .orderBy(asc(testCases.id))
      .all()
      .filter(
        (c) =>
          !c.reason?.startsWith("duplicate of") &&
          c.reason !== "written with a verifier that does not compile",
      );
    const results = fns.length
      ? db
          .select({
            verifierId: verifierResults.verifierId,
            kind: verifierResults.targetKind,
            targetId: verifierResults.targetId,
            outcome: verifierResults.outcome,
          })
          .from(verifierResults)
          .where(inArray(verifierResults.verifierId, fns))
          .all()
      : [];
    if (status !== "dropped" && !results.some((r) => r.kind === "case")) return [];
    const verdict = new Map(
      results.map((r) => [`${r.verifierId}:${r.kind}:${r.targetId}`, r.outcome as Verdict]),
    );
    const sampleRows = db
      .select({ id: samples.id })
      .from(samples)
      .where(eq(samples.instructionId, id))
      .orderBy(asc(samples.id))
      .all();
    const translated = storedBackTranslations(db, id);
    return {
      id,
      functionIds: fns,
      cases: cases.map((c) => ({ id: c.id, expected: storedExpectation(c) })),
      caseVerdicts: fns.map((f) => cases.map((c) => verdict.get(`${f}:case:${c.id}`) ?? "error")),
      backTranslations: translated,
      samples: sampleRows.map((s) => ({
        id: s.id,
        responses: db
          .select({
            id: responses.id,
            order: responses.sampleIndex,
            textKey: sameTextKey,
            score: responses.score,
            scoreSamples: responses.scoreSamples,
          })
          .from(responses)
          .where(eq(responses.sampleId, s.id))
          .orderBy(asc(responses.sampleIndex))
          .all()
          .map((r) => ({
            id: r.id,
            order: r.order,
            textKey: r.textKey,
            score: r.score,
            scored: r.scoreSamples !== null,
            verdicts: fns.map((f) => verdict.get(`${f}:response:${r.id}`)),
          })),
      })),
    };
  });
}

/** A compound's replay input: its constituents' functions (as replay counts them) and its responses' verdicts of them. */
function loadCompound(db: Db, id: number, conflict: string | null): ReplayInstruction {
  const constituents = db
    .select({ id: compoundConstituents.constituentId, number: instructions.number })
    .from(compoundConstituents)
    .innerJoin(instructions, eq(instructions.id, compoundConstituents.constituentId))
    .where(eq(compoundConstituents.compoundId, id))
    .orderBy(asc(compoundConstituents.position))
    .all()
    .map((c) => ({
      ...c,
      functionIds: db
        .select({ id: verifiers.id })
        .from(verifiers)
        .where(
          and(eq(verifiers.instructionId, c.id), isNotNull(verifiers.accuracy), isLatestVersion),
        )
        .orderBy(asc(verifiers.id))
        .all()
        .map((f) => f.id),
    }));
  const fns = constituents.flatMap((c) => c.functionIds);
  const sampleRows = db
    .select({ id: samples.id })
    .from(samples)
    .where(eq(samples.instructionId, id))
    .orderBy(asc(samples.id))
    .all();
  const rs = sampleRows.map((s) => ({
    id: s.id,
    rows: db
      .select({
        id: responses.id,
        order: responses.sampleIndex,
        textKey: sameTextKey,
        score: responses.score,
        scoreSamples: responses.scoreSamples,
      })
      .from(responses)
      .where(eq(responses.sampleId, s.id))
      .orderBy(asc(responses.sampleIndex))
      .all(),
  }));
  const responseIds = rs.flatMap((s) => s.rows.map((r) => r.id));
  const results =
    fns.length && responseIds.length
      ? db
          .select({
            verifierId: verifierResults.verifierId,
            targetId: verifierResults.targetId,
            outcome: verifierResults.outcome,
          })
          .from(verifierResults)
          .where(
            and(
              eq(verifierResults.targetKind, "response"),
              inArray(verifierResults.targetId, responseIds),
              inArray(verifierResults.verifierId, fns),
            ),
          )
          .all()
      : [];
  const verdict = new Map(
    results.map((r) => [`${r.verifierId}:${r.targetId}`, r.outcome as Verdict]),
  );
  return {
    id,
    functionIds: [],
    cases: [],
    caseVerdicts: [],
    backTranslations: new Map(),
    compound: { constituents, conflict },
    samples: rs.map((s) => ({
      id: s.id,
      responses: s.rows.map((r) => ({
        id: r.id,
        order: r.order,
        textKey: r.textKey,
        score: r.score,
        scored: r.scoreSamples !== null,
        verdicts: fns.map((f) => verdict.get(`${f}:${r.id}`)),
      })),
    })),
  };
}

/**
 * For a response row: the smallest id among the responses of its sample with the very same text,
 * so identical texts share a key (pairs.distinctTexts). Written out because drizzle leaves the
 * outer column of a one-table select unqualified, which the subquery would read as its own table.
 */
export const sameTextKey = sql<number>`(select min(same.id) from responses same where same.sample_id = "responses"."sample_id" and same.text = "responses"."text")`;

/** The thresholds as a config, or an error whose message names each bad field, its value and why ("score.threshold = 11: Must be at most 10."). */
export function parseReplayConfig(config: unknown): PipelineConfig {
  const checked = checkPipelineConfig(config);
  if (checked.ok) return checked.config;
  const shown = (field: string) => {
    const value = field ? getAt(config, field.split(".")) : undefined;
    return value === undefined || typeof value === "object"
      ? field
      : `${field} = ${JSON.stringify(value)}`;
  };
  const listed = checked.problems
    .slice(0, 3)
    .map((p) => `${(p.field && shown(p.field)) || "the configuration"}: ${p.message}`)
    .join("; ");
  const more = checked.problems.length > 3 ? ` (and ${checked.problems.length - 3} more)` : "";
  throw new InvalidInputError(`The thresholds are invalid: ${listed}${more}`, checked.problems);
}

/** Counts of a replay, in the shape of the dashboard funnel. */
export function replaySummary(result: ReplayResult) {
  const keptInstructions = result.instructions.filter((i) => i.kept).length;
  return {
    instructions: {
      total: result.instructions.length,
      kept: keptInstructions,
      dropped: result.instructions.length - keptInstructions,
    },
    verifiers: {
      total: result.instructions.reduce((n, i) => n + i.crossValidation.functions.length, 0),
      kept: result.instructions.reduce(
        (n, i) => n + i.crossValidation.functions.filter((f) => f.kept).length,
        0,
      ),
    },
    testCases: {
      total: result.instructions.reduce((n, i) => n + i.crossValidation.cases.length, 0),
      kept: result.instructions.reduce(
        (n, i) => n + i.crossValidation.cases.filter((c) => c.kept).length,
        0,
      ),
    },
    responses: {
      total: result.responses.length,
      kept: result.responses.filter((r) => r.kept).length,
    },
    pairs: result.pairs.length,
  };
}

/** Replays with `config` and returns the counts; writes nothing. */
export function previewReplay(db: Db, projectId: number, config: unknown) {
  return replaySummary(replayDecisions(loadReplayInput(db, projectId), parseReplayConfig(config)));
}

export interface ReplayReconciliation {
  item: "instructions" | "verifiers" | "test cases" | "responses";
  /** All items of the project, as the funnel counts them. */
  funnelTotal: number;
  /** The items replay decides again. */
  replayTotal: number;
  /** Why the two differ, or null when they are equal. */
  why: string | null;
}

/**
 * Replay decides only what cross-validation and later stages decided; the funnel counts every
 * item of the project. This says, per item, how many each counts and why they differ.
 */
export function reconcileReplay(
  db: Db,
  projectId: number,
  summary: ReturnType<typeof replaySummary>,
): ReplayReconciliation[] {
  const funnel = new Map(projectFunnel(db, projectId).map((f) => [f.item, f.total]));
  const inProject = eq(instructions.projectId, projectId);
  const count = (rows: Array<{ n: number }>) => rows[0]?.n ?? 0;
  const nearDuplicates = count(
    db
      .select({ n: sql<number>`count(*)` })
      .from(instructions)
      .where(
        and(
          inProject,
          eq(instructions.pipelineStatus, "dropped"),
          eq(instructions.pipelineStage, "augment"),
        ),
      )
      .all(),
  );
  const fnRows = db
    .select({
      compile: verifiers.compileStatus,
      duplicate: sql<number>`${verifiers.dropReason} like 'duplicate of%'`,
      n: sql<number>`count(*)`,
    })
    .from(verifiers)
    .innerJoin(instructions, instructionOfVerifier(projectId))
    .groupBy(sql`1`, sql`2`)
    .all();
  const brokenFns = fnRows.filter((r) => r.compile === "error").reduce((n, r) => n + r.n, 0);
  const duplicateFns = fnRows
    .filter((r) => r.compile !== "error" && r.duplicate)
    .reduce((n, r) => n + r.n, 0);
  const explain = (
    item: ReplayReconciliation["item"],
    replayTotal: number,
    parts: Array<[number, string]>,
    rest: string,
  ): ReplayReconciliation => {
    const funnelTotal = funnel.get(item) ?? 0;
    const gap = funnelTotal - replayTotal;
    if (gap === 0) return { item, funnelTotal, replayTotal, why: null };
    const named = parts.filter(([n]) => n > 0 && n <= gap);
    const namedSum = named.reduce((n, [k]) => n + k, 0);
    const pieces = [
      ...named.map(([n, what]) => `${n} ${what}`),
      ...(gap - namedSum > 0 ? [`${gap - namedSum} ${rest}`] : []),
    ];
    return { item, funnelTotal, replayTotal, why: `${gap} not replayed: ${pieces.join(", ")}.` };
  };
  return [
    explain(
      "instructions",
      summary.instructions.total,
      [[nearDuplicates, "dropped by augment as near-duplicates"]],
      "not yet cross-validated (replay starts at cross-validation), or imported past it without a case matrix",
    ),
    explain(
      "verifiers",
      summary.verifiers.total,
      [
        [brokenFns, "do not compile"],
        [duplicateFns, "duplicates of another function"],
      ],
      "not yet cross-validated, or replaced by an edit",
    ),
    explain(
      "test cases",
      summary.testCases.total,
      [],
      "duplicates, written with a function that does not compile, or not yet cross-validated",
    ),
    explain(
      "responses",
      summary.responses.total,
      [],
      "belong to instructions replay does not decide",
    ),
  ];
}

/** Replays with `config`, writes every decision and the thresholds to the project, in one transaction. */
export function applyReplay(db: Db, projectId: number, config: unknown) {
  const parsed = parseReplayConfig(config);
  const result = replayDecisions(loadReplayInput(db, projectId), parsed);
  const stageOf = new Map(
    db
      .select({ id: instructions.id, stage: instructions.pipelineStage })
      .from(instructions)
      .where(eq(instructions.projectId, projectId))
      .all()
      .map((i) => [i.id, i.stage]),
  );
  db.transaction(
    (tx) => {
      for (const ins of result.instructions) {
        // Kept means past back-translation; one that only reached cross-validation stays pending.
        const status = !ins.kept
          ? "dropped"
          : stageOf.get(ins.id) === "cross-validate"
            ? "pending"
            : "kept";
        tx.update(instructions)
          .set({ pipelineStatus: status, dropReason: ins.reason })
          .where(eq(instructions.id, ins.id))
          .run();
        for (const f of ins.crossValidation.functions) {
          tx.update(verifiers)
            .set({
              pipelineStatus: f.kept ? "kept" : "dropped",
              accuracy: f.accuracy,
              dropReason: f.reason,
            })
            .where(eq(verifiers.id, f.id))
            .run();
        }
        for (const c of ins.crossValidation.cases) {
          tx.update(testCases)
            .set({ pipelineStatus: c.kept ? "kept" : "dropped", dropReason: c.reason })
            .where(eq(testCases.id, c.id))
            .run();
        }
      }
      for (const r of result.responses) {
        tx.update(responses)
          .set({
            passRate: r.passRate,
            pipelineStatus: r.kept ? "kept" : "dropped",
            dropReason: r.reason,
            ...(r.constraintOutcomes !== undefined
              ? { constraintOutcomes: r.constraintOutcomes }
              : {}),
          })
          .where(eq(responses.id, r.id))
          .run();
      }
      const instructionIds = result.instructions.map((i) => i.id);
      const sampleIds = instructionIds.length
        ? tx
            .select({ id: samples.id })
            .from(samples)
            .where(inArray(samples.instructionId, instructionIds))
            .all()
            .map((s) => s.id)
        : [];
      replacePairsOfSamples(tx, sampleIds, result.pairs);
      tx.update(projects).set({ config: parsed }).where(eq(projects.id, projectId)).run();
    },
    { behavior: "immediate" },
  );
  return replaySummary(result);
}
