import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, responseLabels, responses, samples, verifierResults } from "@/db/schema";
import {
  cohensKappa,
  combineLabels,
  labelAgreement,
  majorityPasses,
  type HumanLabel,
  type LabelAgreement,
} from "@/lib/autoif/agreement";
import { NotFoundError } from "../errors";
import { currentFunctions } from "../pipeline/currentVerifiers";
import { instructionOfSample } from "@/db/projectScope";

export interface LabelInput {
  responseId: number;
  label: HumanLabel | "clear";
  reviewer: string;
  note?: string | null;
}

/** Appends a reviewer's label to a response's history; returns the response's combined label. */
export function labelResponse(db: Db, input: LabelInput) {
  const row = db
    .select({ projectId: instructions.projectId })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample())
    .where(eq(responses.id, input.responseId))
    .get();
  if (!row) throw new NotFoundError(`Response ${input.responseId} does not exist.`);
  db.insert(responseLabels)
    .values({
      projectId: row.projectId,
      responseId: input.responseId,
      label: input.label,
      reviewer: input.reviewer,
      note: input.note?.trim() || null,
    })
    .run();
  return {
    responseId: input.responseId,
    label: humanLabels(db, [input.responseId]).get(input.responseId) ?? null,
  };
}

/** The combined human label of each response that has one (each reviewer's latest, then the majority). */
export function humanLabels(db: Db, responseIds: readonly number[]): Map<number, HumanLabel> {
  const out = new Map<number, HumanLabel>();
  const history = new Map<number, Array<{ reviewer: string; label: HumanLabel | "clear" }>>();
  for (let i = 0; i < responseIds.length; i += 500) {
    const part = responseIds.slice(i, i + 500);
    for (const l of db
      .select({
        responseId: responseLabels.responseId,
        reviewer: responseLabels.reviewer,
        label: responseLabels.label,
      })
      .from(responseLabels)
      .where(inArray(responseLabels.responseId, part))
      .orderBy(asc(responseLabels.id))
      .all()) {
      history.set(l.responseId, [...(history.get(l.responseId) ?? []), l]);
    }
  }
  for (const [id, h] of history) {
    const label = combineLabels(h);
    if (label) out.set(id, label);
  }
  return out;
}

export interface InstructionAgreement {
  /** Responses with a human label (and a verdict from at least one current verifier). */
  labelled: number;
  verifiers: Array<
    { verifierId: number; verifierNumber: number | null; kept: boolean } & LabelAgreement
  >;
  /** Agreement of the kept verifiers' majority with the human labels. */
  majority: LabelAgreement;
  /** Cohen's kappa between that majority and the humans; null when undefined. */
  kappa: number | null;
}

/**
 * How each current verifier of an instruction agrees with the reviewers' labels of its responses
 * (a pass predicts "follows"; an error predicts "does not follow"), and Cohen's kappa between the
 * kept verifiers' majority and the reviewers.
 */
export function instructionAgreement(db: Db, instructionId: number): InstructionAgreement {
  const fns = currentFunctions(db, instructionId);
  const ids = db
    .select({ id: responses.id })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .where(eq(samples.instructionId, instructionId))
    .all()
    .map((r) => r.id);
  const labels = humanLabels(db, ids);
  const labelled = [...labels.keys()];
  const verdict = new Map<string, "pass" | "fail" | "error">();
  if (fns.length && labelled.length) {
    for (const r of db
      .select({
        v: verifierResults.verifierId,
        t: verifierResults.targetId,
        o: verifierResults.outcome,
      })
      .from(verifierResults)
      .where(
        and(
          eq(verifierResults.targetKind, "response"),
          inArray(
            verifierResults.verifierId,
            fns.map((f) => f.id),
          ),
          inArray(verifierResults.targetId, labelled),
        ),
      )
      .all())
      verdict.set(`${r.v}:${r.t}`, r.o);
  }
  const perVerifier = fns.map((f) => {
    const judged = labelled.filter((id) => verdict.has(`${f.id}:${id}`));
    return {
      verifierId: f.id,
      verifierNumber: f.number,
      kept: f.pipelineStatus === "kept",
      ...labelAgreement(
        judged.map((id) => verdict.get(`${f.id}:${id}`) === "pass"),
        judged.map((id) => labels.get(id) === "follows"),
      ),
    };
  });
  const kept = fns.filter((f) => f.pipelineStatus === "kept");
  const judged = labelled.filter((id) => kept.some((f) => verdict.has(`${f.id}:${id}`)));
  const majority = judged.map((id) =>
    majorityPasses(kept.flatMap((f) => verdict.get(`${f.id}:${id}`) ?? [])),
  );
  const truth = judged.map((id) => labels.get(id) === "follows");
  return {
    labelled: judged.length,
    verifiers: perVerifier,
    majority: labelAgreement(majority, truth),
    kappa: cohensKappa(majority, truth),
  };
}
