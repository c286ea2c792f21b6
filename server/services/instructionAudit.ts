import "server-only";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  backTranslations,
  compoundConstituents,
  instructions,
  queries,
  responses,
  samples,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { NotFoundError } from "../errors";
import { isLatestVersion } from "../pipeline/currentVerifiers";
import { humanLabels, instructionAgreement } from "./responseLabels";

type ResultRow = {
  verifierId: number;
  targetId: number;
  outcome: "pass" | "fail" | "error";
  error: string | null;
};

function results(
  db: Db,
  kind: "case" | "response",
  verifierIds: number[],
  targetIds: number[],
): ResultRow[] {
  if (!verifierIds.length || !targetIds.length) return [];
  const out: ResultRow[] = [];
  for (let i = 0; i < targetIds.length; i += 500) {
    out.push(
      ...db
        .select({
          verifierId: verifierResults.verifierId,
          targetId: verifierResults.targetId,
          outcome: verifierResults.outcome,
          error: verifierResults.error,
        })
        .from(verifierResults)
        .where(
          and(
            eq(verifierResults.targetKind, kind),
            inArray(verifierResults.verifierId, verifierIds),
            inArray(verifierResults.targetId, targetIds.slice(i, i + 500)),
          ),
        )
        .all(),
    );
  }
  return out;
}

/**
 * Everything the audit page shows of one instruction: its text and decisions, back-translations,
 * the latest version of every verifier (with its version count) and their stored outcomes on the
 * test cases and on the first `responseLimit` responses, the human labels of those responses, and
 * the verifiers' agreement with the labels.
 */
export function getInstructionAudit(db: Db, id: number, responseLimit = 100) {
  const instruction = db.select().from(instructions).where(eq(instructions.id, id)).get();
  if (!instruction) throw new NotFoundError(`Instruction ${id} does not exist.`);
  const fns = db
    .select({
      id: verifiers.id,
      number: verifiers.number,
      source: verifiers.source,
      language: verifiers.language,
      origin: verifiers.origin,
      author: verifiers.author,
      version: verifiers.version,
      parentId: verifiers.parentId,
      compileStatus: verifiers.compileStatus,
      compileError: verifiers.compileError,
      accuracy: verifiers.accuracy,
      pipelineStatus: verifiers.pipelineStatus,
      dropReason: verifiers.dropReason,
      reviewStatus: verifiers.reviewStatus,
    })
    .from(verifiers)
    .where(and(eq(verifiers.instructionId, id), isLatestVersion))
    .orderBy(desc(sql`${verifiers.pipelineStatus} = 'kept'`), asc(verifiers.id))
    .all();
  const cases = db
    .select({
      id: testCases.id,
      input: testCases.input,
      expected: testCases.expected,
      expectedRaw: testCases.expectedRaw,
      origin: testCases.origin,
      pipelineStatus: testCases.pipelineStatus,
      dropReason: testCases.dropReason,
    })
    .from(testCases)
    .where(eq(testCases.instructionId, id))
    .orderBy(asc(testCases.id))
    .all();
  const translations = db
    .select({
      id: backTranslations.id,
      verifierId: backTranslations.verifierId,
      verifierNumber: verifiers.number,
      text: backTranslations.text,
      judgeLabel: backTranslations.judgeLabel,
    })
    .from(backTranslations)
    .innerJoin(verifiers, eq(verifiers.id, backTranslations.verifierId))
    .where(eq(backTranslations.instructionId, id))
    .orderBy(asc(backTranslations.id))
    .all();
  const responseTotal =
    db
      .select({ n: count() })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .where(eq(samples.instructionId, id))
      .get()?.n ?? 0;
  const rs = db
    .select({
      id: responses.id,
      number: responses.number,
      text: responses.text,
      query: queries.text,
      passRate: responses.passRate,
      score: responses.score,
      pipelineStatus: responses.pipelineStatus,
      dropReason: responses.dropReason,
    })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .where(eq(samples.instructionId, id))
    .orderBy(asc(responses.id))
    .limit(responseLimit)
    .all();
  const labels = humanLabels(
    db,
    rs.map((r) => r.id),
  );
  const fnIds = fns.map((f) => f.id);
  return {
    ...instruction,
    createdAt: instruction.createdAt.getTime(),
    updatedAt: instruction.updatedAt.getTime(),
    verifiers: fns,
    cases,
    backTranslations: translations,
    responses: rs.map((r) => ({ ...r, label: labels.get(r.id) ?? null })),
    responseTotal,
    caseResults: results(
      db,
      "case",
      fnIds,
      cases.map((c) => c.id),
    ),
    responseResults: results(
      db,
      "response",
      fnIds,
      rs.map((r) => r.id),
    ),
    agreement: instructionAgreement(db, id),
    // A compound's constraints (atomic instructions, in the order of its text), and the compounds an atomic one is part of.
    constituents: db
      .select({ id: instructions.id, number: instructions.number, text: instructions.text })
      .from(compoundConstituents)
      .innerJoin(instructions, eq(instructions.id, compoundConstituents.constituentId))
      .where(eq(compoundConstituents.compoundId, id))
      .orderBy(asc(compoundConstituents.position))
      .all(),
    partOf: db
      .select({ id: instructions.id, number: instructions.number })
      .from(compoundConstituents)
      .innerJoin(instructions, eq(instructions.id, compoundConstituents.compoundId))
      .where(eq(compoundConstituents.constituentId, id))
      .orderBy(asc(instructions.id))
      .limit(50)
      .all(),
  };
}
