import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq } from "drizzle-orm";
import { compoundConstituents, instructions, responses, samples } from "@/db/schema";
import { decideResponse, passRate, sameTextAs } from "@/lib/autoif/responseDecisions";
import { forEachConcurrent } from "../concurrency";
import { storeMatrix } from "../storeResults";
import type { StageContext } from "../types";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { sameTextKey } from "../replay";
import { currentFunctions } from "../currentVerifiers";
import { compoundOutcomes, compoundPassRate, type ConstraintOutcomes } from "@/lib/autoif/compound";
import { composeKnobs } from "@/lib/autoif/compose";
import type { Db } from "@/db/client";

/** A compound's constraints (atomic instructions) in the order its text names them. */
export function constituentsOf(
  db: Db,
  compoundId: number,
): Array<{ instructionId: number; number: number | null }> {
  return db
    .select({ instructionId: compoundConstituents.constituentId, number: instructions.number })
    .from(compoundConstituents)
    .innerJoin(instructions, eq(instructions.id, compoundConstituents.constituentId))
    .where(eq(compoundConstituents.compoundId, compoundId))
    .orderBy(asc(compoundConstituents.position))
    .all();
}
import { codeOf } from "@/lib/autoif/verifierCode";

/**
 * Stage 8: runs every kept verifier of an instruction on all its responses in the sandbox pool,
 * stores the matrix, and sets each response's pass rate by the preset's counting rule. A
 * compound instruction's responses run every constituent's functions; each constraint is
 * satisfied by its own rule, and the pass rate is strict or partial (compose.passRate). Responses
 * whose pass rate misses the SFT threshold are dropped here; the others wait for scoring.
 */
export async function executeStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const todo = db
    .select({ id: instructions.id, kind: instructions.kind })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        eq(instructions.pipelineStage, "respond"),
        eq(instructions.pipelineStatus, "kept"),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  const rule = config.execute;
  const mode = composeKnobs(config).passRate;
  await forEachConcurrent(todo, ctx.pool.size * 2, ctx.signal, async ({ id, kind }) => {
    // Every current function runs, not only the kept ones: the full matrix lets replay keep a
    // function at other thresholds without running anything again. A version an edit replaced
    // takes part in nothing (replay and the studio's recompute read the same currentFunctions).
    // A compound's responses are checked by every constituent's functions, each constraint by its own.
    const parts =
      kind === "compound" ? constituentsOf(db, id) : [{ instructionId: id, number: null }];
    const partFns = parts.map((p) => currentFunctions(db, p.instructionId));
    const fns = partFns.flat();
    const rs = db
      .select({ id: responses.id, text: responses.text, textKey: sameTextKey })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .where(eq(samples.instructionId, id))
      .orderBy(asc(responses.id))
      .all();
    ctx.progress.status(
      `instruction #${id}: running ${fns.length} functions on ${rs.length} responses`,
    );
    const matrix =
      fns.length && rs.length
        ? await ctx.pool.evaluateMatrix(
            fns.map(codeOf),
            rs.map((r) => r.text),
            sandboxLimits(config),
          )
        : [];
    writeTransaction(db, (tx) => {
      storeMatrix(
        tx,
        "response",
        fns.map((f) => f.id),
        rs.map((r) => r.id),
        matrix,
      );
      rs.forEach((r, ri) => {
        const keptVerdicts = (from: number, part: typeof fns) =>
          part.flatMap((f, i) =>
            f.pipelineStatus === "kept" ? [matrix[from + i]![ri]!.verdict] : [],
          );
        let outcomes: ConstraintOutcomes | null = null;
        let rate: number | null;
        if (kind === "compound") {
          let from = 0;
          outcomes = compoundOutcomes(
            parts.map((p, pi) => {
              const verdicts = keptVerdicts(from, partFns[pi]!);
              from += partFns[pi]!.length;
              return { ...p, verdicts };
            }),
            rule,
          );
          rate = compoundPassRate(outcomes, mode);
        } else rate = passRate(keptVerdicts(0, fns), rule.errorCounting);
        const decision = decideResponse(rate, undefined, config, sameTextAs(r));
        tx.update(responses)
          .set({
            passRate: rate,
            constraintOutcomes: outcomes,
            pipelineStatus: decision.executionKept ? "pending" : "dropped",
            dropReason: decision.executionKept ? null : decision.reason,
          })
          .where(eq(responses.id, r.id))
          .run();
      });
      tx.update(instructions)
        .set({ pipelineStage: "execute" })
        .where(eq(instructions.id, id))
        .run();
    });
    ctx.progress.unitDone(`execute:${id}`);
  });
}
