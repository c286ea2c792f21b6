import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, responses, samples, verifierResults } from "@/db/schema";
import { storedExpectation, type Verdict } from "@/lib/autoif/crossValidate";
import { replayDecisions, type ReplayInstruction } from "@/lib/autoif/replay";
import { decideResponse } from "@/lib/autoif/responseDecisions";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import type { VerifierPool } from "../sandbox/pool";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { validPipelineConfig } from "../pipelineConfig";
import { sameTextKey, storedBackTranslations } from "../pipeline/replay";
import { getProject } from "./projects";
import { currentFunctions, judgedCases } from "../pipeline/currentVerifiers";
import { codeOf } from "@/lib/autoif/verifierCode";
import { diffSnapshots, snapshotInstruction, type InstructionChange } from "./instructionChange";
import { replacePairs, writeFunctionAndCaseDecisions } from "./writeDecisions";

/** Stages after which cross-validation has decisions to redo, and after which responses were executed. */
const CROSS_VALIDATED = [
  "cross-validate",
  "back-translate",
  "pair-queries",
  "respond",
  "execute",
  "score",
  "pairs",
];
const EXECUTED = ["execute", "score", "pairs"];

type NewResult = {
  verifierId: number;
  targetKind: "case" | "response";
  targetId: number;
  outcome: Verdict;
  error: string | null;
  durationMs: number;
};

/**
 * Runs `change` (a synchronous write: a new verifier version, a test case edit), then redoes the
 * instruction's decisions and reports what moved. The sandbox work happens between the two
 * snapshots, so the report covers exactly this edit and its consequences.
 */
export async function changeAndRecompute(
  db: Db,
  pool: VerifierPool,
  instructionId: number,
  change: () => void,
): Promise<InstructionChange> {
  const before = snapshotInstruction(db, instructionId);
  change();
  await recomputeInstruction(db, pool, instructionId);
  return diffSnapshots(before, snapshotInstruction(db, instructionId));
}

/**
 * Recomputes one instruction the way the pipeline would: runs every current function on every
 * judged case (and, once the run executed them, every response) it has no stored result for, then
 * replays cross-validation, the back-translation verdicts, pass rates, response decisions and
 * pairs from the stored matrix with the project's thresholds. No LLM call: a function without a
 * back-translation counts as not contradicting, as in replay.
 */
export async function recomputeInstruction(
  db: Db,
  pool: VerifierPool,
  instructionId: number,
): Promise<void> {
  const ins = db
    .select({ projectId: instructions.projectId, stage: instructions.pipelineStage })
    .from(instructions)
    .where(eq(instructions.id, instructionId))
    .get();
  if (!ins?.stage || !CROSS_VALIDATED.includes(ins.stage)) return;
  const config = validPipelineConfig(
    getProject(db, ins.projectId).config,
    "The project's pipeline configuration is invalid; fix it on the Settings page.",
  );
  const limits = sandboxLimits(config);
  const executed = EXECUTED.includes(ins.stage);
  const fns = currentFunctions(db, instructionId);
  const cases = judgedCases(db, instructionId);
  const rs = executed
    ? db
        .select({
          id: responses.id,
          text: responses.text,
          sampleId: responses.sampleId,
          order: responses.sampleIndex,
          textKey: sameTextKey,
          score: responses.score,
          scoreSamples: responses.scoreSamples,
        })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .where(eq(samples.instructionId, instructionId))
        .orderBy(asc(responses.id))
        .all()
    : [];

  const verdict = new Map<string, Verdict>();
  if (fns.length) {
    for (const r of db
      .select({
        v: verifierResults.verifierId,
        k: verifierResults.targetKind,
        t: verifierResults.targetId,
        o: verifierResults.outcome,
      })
      .from(verifierResults)
      .where(
        inArray(
          verifierResults.verifierId,
          fns.map((f) => f.id),
        ),
      )
      .all()) {
      verdict.set(`${r.v}:${r.k}:${r.t}`, r.o);
    }
  }
  const fresh: NewResult[] = [];
  await Promise.all(
    fns.flatMap((f) =>
      (["case", "response"] as const).map(async (kind) => {
        const targets = (
          kind === "case" ? cases.map((c) => ({ id: c.id, text: c.input })) : rs
        ).filter((t) => !verdict.has(`${f.id}:${kind}:${t.id}`));
        if (!targets.length) return;
        const outcomes = await pool.evaluate(
          codeOf(f),
          targets.map((t) => t.text),
          limits,
        );
        outcomes.forEach((o, i) => {
          const targetId = targets[i]!.id;
          verdict.set(`${f.id}:${kind}:${targetId}`, o.verdict);
          fresh.push({
            verifierId: f.id,
            targetKind: kind,
            targetId,
            outcome: o.verdict,
            error: o.verdict === "error" ? `${o.kind}: ${o.message}` : null,
            durationMs: o.durationMs,
          });
        });
      }),
    ),
  );

  const bySample = new Map<number, typeof rs>();
  for (const r of rs) bySample.set(r.sampleId, [...(bySample.get(r.sampleId) ?? []), r]);
  const replayInput: ReplayInstruction = {
    id: instructionId,
    functionIds: fns.map((f) => f.id),
    cases: cases.map((c) => ({ id: c.id, expected: storedExpectation(c) })),
    caseVerdicts: fns.map((f) => cases.map((c) => verdict.get(`${f.id}:case:${c.id}`) ?? "error")),
    backTranslations: storedBackTranslations(db, instructionId),
    samples: [...bySample].map(([id, list]) => ({
      id,
      responses: list.map((r) => ({
        id: r.id,
        order: r.order,
        textKey: r.textKey,
        score: r.score,
        scored: r.scoreSamples !== null,
        verdicts: fns.map((f) => verdict.get(`${f.id}:response:${r.id}`)),
      })),
    })),
  };
  const result = replayDecisions([replayInput], config);
  const decided = result.instructions[0]!;
  writeRecompute(db, instructionId, ins.stage, fresh, decided, result, config);
}

function writeRecompute(
  db: Db,
  instructionId: number,
  stage: string,
  fresh: NewResult[],
  decided: ReturnType<typeof replayDecisions>["instructions"][number],
  result: ReturnType<typeof replayDecisions>,
  config: PipelineConfig,
) {
  db.transaction(
    (tx) => {
      for (const r of fresh) {
        tx.insert(verifierResults)
          .values(r)
          .onConflictDoUpdate({
            target: [
              verifierResults.verifierId,
              verifierResults.targetKind,
              verifierResults.targetId,
            ],
            set: { outcome: r.outcome, error: r.error, durationMs: r.durationMs },
          })
          .run();
      }
      // Kept means past back-translation; one that has only been cross-validated waits for it.
      const status = !decided.kept ? "dropped" : stage === "cross-validate" ? "pending" : "kept";
      tx.update(instructions)
        .set({ pipelineStatus: status, dropReason: decided.reason })
        .where(eq(instructions.id, instructionId))
        .run();
      writeFunctionAndCaseDecisions(tx, decided.crossValidation);
      if (EXECUTED.includes(stage)) {
        for (const r of result.responses) {
          // Before scoring, a response execution keeps waits for the judge rather than being dropped as unscored.
          const d =
            stage === "execute"
              ? decideResponse(r.passRate, undefined, config, r.sameTextAs)
              : null;
          const pipelineStatus = d
            ? d.executionKept
              ? "pending"
              : "dropped"
            : r.kept
              ? "kept"
              : "dropped";
          const dropReason = d ? (d.executionKept ? null : d.reason) : r.reason;
          tx.update(responses)
            .set({ passRate: r.passRate, pipelineStatus, dropReason })
            .where(eq(responses.id, r.id))
            .run();
        }
      }
      if (stage === "pairs") replacePairs(tx, instructionId, result.pairs);
    },
    { behavior: "immediate" },
  );
}
