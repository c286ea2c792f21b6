import "server-only";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { backTranslations, instructions, preferencePairs, projects, responses, samples, testCases, verifierResults, verifiers } from "@/db/schema";
import type { Verdict } from "@/lib/autoif/crossValidate";
import { replayDecisions, type ReplayInstruction, type ReplayResult } from "@/lib/autoif/replay";
import { validPipelineConfig } from "../pipelineConfig";
import { isLatestVersion } from "./currentVerifiers";

/** Loads, for every cross-validated instruction of a project, the stored results replay needs. */
export function loadReplayInput(db: Db, projectId: number): ReplayInstruction[] {
  const done = db
    .select({ id: instructions.id })
    .from(instructions)
    .where(and(eq(instructions.projectId, projectId), inArray(instructions.pipelineStage, ["cross-validate", "back-translate", "pair-queries", "respond", "execute", "score", "pairs"])))
    .orderBy(asc(instructions.id))
    .all();
  return done.map(({ id }) => {
    const fns = db
      .select({ id: verifiers.id })
      .from(verifiers)
      // A version replaced by an edit no longer takes part (the studio's saveVerifierVersion).
      .where(and(eq(verifiers.instructionId, id), isNotNull(verifiers.accuracy), isLatestVersion))
      .orderBy(asc(verifiers.id))
      .all()
      .map((f) => f.id);
    const cases = db
      .select({ id: testCases.id, expected: testCases.expected, expectedRaw: testCases.expectedRaw, reason: testCases.dropReason })
      .from(testCases)
      .where(eq(testCases.instructionId, id))
      .orderBy(asc(testCases.id))
      .all()
      .filter((c) => !c.reason?.startsWith("duplicate of") && c.reason !== "written with a verifier that does not compile");
    const results = fns.length
      ? db.select({ verifierId: verifierResults.verifierId, kind: verifierResults.targetKind, targetId: verifierResults.targetId, outcome: verifierResults.outcome }).from(verifierResults).where(inArray(verifierResults.verifierId, fns)).all()
      : [];
    const verdict = new Map(results.map((r) => [`${r.verifierId}:${r.kind}:${r.targetId}`, r.outcome as Verdict]));
    const sampleRows = db.select({ id: samples.id }).from(samples).where(eq(samples.instructionId, id)).orderBy(asc(samples.id)).all();
    const translated = new Map(
      db
        .select({ verifierId: backTranslations.verifierId, text: backTranslations.text, label: backTranslations.judgeLabel })
        .from(backTranslations)
        .where(eq(backTranslations.instructionId, id))
        .all()
        .map((b) => [b.verifierId, { text: b.text, label: b.label }]),
    );
    return {
      id,
      functionIds: fns,
      cases: cases.map((c) => ({ id: c.id, expected: c.expectedRaw !== null ? (JSON.parse(c.expectedRaw) as string) : c.expected })),
      caseVerdicts: fns.map((f) => cases.map((c) => verdict.get(`${f}:case:${c.id}`) ?? "error")),
      backTranslations: translated,
      samples: sampleRows.map((s) => ({
        id: s.id,
        responses: db
          .select({ id: responses.id, order: responses.sampleIndex, textKey: sameTextKey, score: responses.score, scoreSamples: responses.scoreSamples })
          .from(responses)
          .where(eq(responses.sampleId, s.id))
          .orderBy(asc(responses.sampleIndex))
          .all()
          .map((r) => ({ id: r.id, order: r.order, textKey: r.textKey, score: r.score, scored: r.scoreSamples !== null, verdicts: fns.map((f) => verdict.get(`${f}:response:${r.id}`)) })),
      })),
    };
  });
}

/**
 * For a response row: the smallest id among the responses of its sample with the very same text,
 * so identical texts share a key (pairs.distinctTexts). Written out because drizzle leaves the
 * outer column of a one-table select unqualified, which the subquery would read as its own table.
 */
export const sameTextKey = sql<number>`(select min(same.id) from responses same where same.sample_id = "responses"."sample_id" and same.text = "responses"."text")`;

/** Counts of a replay, in the shape of the dashboard funnel. */
export function replaySummary(result: ReplayResult) {
  const keptInstructions = result.instructions.filter((i) => i.kept).length;
  return {
    instructions: { total: result.instructions.length, kept: keptInstructions, dropped: result.instructions.length - keptInstructions },
    verifiers: {
      total: result.instructions.reduce((n, i) => n + i.crossValidation.functions.length, 0),
      kept: result.instructions.reduce((n, i) => n + i.crossValidation.functions.filter((f) => f.kept).length, 0),
    },
    testCases: {
      total: result.instructions.reduce((n, i) => n + i.crossValidation.cases.length, 0),
      kept: result.instructions.reduce((n, i) => n + i.crossValidation.cases.filter((c) => c.kept).length, 0),
    },
    responses: { total: result.responses.length, kept: result.responses.filter((r) => r.kept).length },
    pairs: result.pairs.length,
  };
}

/** Replays with `config` and returns the counts; writes nothing. */
export function previewReplay(db: Db, projectId: number, config: unknown) {
  return replaySummary(replayDecisions(loadReplayInput(db, projectId), validPipelineConfig(config, "The thresholds are invalid.")));
}

/** Replays with `config`, writes every decision and the thresholds to the project, in one transaction. */
export function applyReplay(db: Db, projectId: number, config: unknown) {
  const parsed = validPipelineConfig(config, "The thresholds are invalid.");
  const result = replayDecisions(loadReplayInput(db, projectId), parsed);
  const stageOf = new Map(
    db.select({ id: instructions.id, stage: instructions.pipelineStage }).from(instructions).where(eq(instructions.projectId, projectId)).all().map((i) => [i.id, i.stage]),
  );
  db.transaction(
    (tx) => {
      for (const ins of result.instructions) {
        // Kept means past back-translation; one that only reached cross-validation stays pending.
        const status = !ins.kept ? "dropped" : stageOf.get(ins.id) === "cross-validate" ? "pending" : "kept";
        tx.update(instructions).set({ pipelineStatus: status, dropReason: ins.reason }).where(eq(instructions.id, ins.id)).run();
        for (const f of ins.crossValidation.functions) {
          tx.update(verifiers).set({ pipelineStatus: f.kept ? "kept" : "dropped", accuracy: f.accuracy, dropReason: f.reason }).where(eq(verifiers.id, f.id)).run();
        }
        for (const c of ins.crossValidation.cases) {
          tx.update(testCases).set({ pipelineStatus: c.kept ? "kept" : "dropped", dropReason: c.reason }).where(eq(testCases.id, c.id)).run();
        }
      }
      for (const r of result.responses) {
        tx.update(responses).set({ passRate: r.passRate, pipelineStatus: r.kept ? "kept" : "dropped", dropReason: r.reason }).where(eq(responses.id, r.id)).run();
      }
      const instructionIds = result.instructions.map((i) => i.id);
      if (instructionIds.length) {
        const ids = tx.select({ id: samples.id }).from(samples).where(inArray(samples.instructionId, instructionIds)).all().map((s) => s.id);
        if (ids.length) tx.delete(preferencePairs).where(inArray(preferencePairs.sampleId, ids)).run();
      }
      for (const p of result.pairs) {
        tx.insert(preferencePairs).values({ sampleId: p.sampleId, chosenResponseId: p.chosen, rejectedResponseId: p.rejected, pipelineStatus: "kept" }).run();
      }
      tx.update(projects).set({ config: parsed }).where(eq(projects.id, projectId)).run();
    },
    { behavior: "immediate" },
  );
  return replaySummary(result);
}
