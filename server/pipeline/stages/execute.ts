import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq } from "drizzle-orm";
import { instructions, responses, samples } from "@/db/schema";
import { decideResponse, passRate, sameTextAs } from "@/lib/autoif/responseDecisions";
import { forEachConcurrent } from "../concurrency";
import { storeMatrix } from "../storeResults";
import type { StageContext } from "../types";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { sameTextKey } from "../replay";
import { currentFunctions } from "../currentVerifiers";
import { codeOf } from "@/lib/autoif/verifierCode";

/**
 * Stage 7: runs every kept verifier of an instruction on all its responses in the sandbox pool,
 * stores the matrix, and sets each response's pass rate by the preset's counting rule. Responses
 * whose pass rate misses the SFT threshold are dropped here; the others wait for scoring.
 */
export async function executeStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const todo = db
    .select({ id: instructions.id })
    .from(instructions)
    .where(and(eq(instructions.projectId, ctx.projectId), eq(instructions.pipelineStage, "respond"), eq(instructions.pipelineStatus, "kept")))
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  await forEachConcurrent(todo, ctx.pool.size * 2, ctx.signal, async ({ id }) => {
    // Every current function runs, not only the kept ones: the full matrix lets replay keep a
    // function at other thresholds without running anything again. A version an edit replaced
    // takes part in nothing (replay and the studio's recompute read the same currentFunctions).
    const fns = currentFunctions(db, id);
    const rs = db
      .select({ id: responses.id, text: responses.text, textKey: sameTextKey })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .where(eq(samples.instructionId, id))
      .orderBy(asc(responses.id))
      .all();
    ctx.progress.status(`instruction #${id}: running ${fns.length} functions on ${rs.length} responses`);
    const matrix = fns.length && rs.length ? await ctx.pool.evaluateMatrix(fns.map(codeOf), rs.map((r) => r.text), sandboxLimits(config)) : [];
    writeTransaction(db, (tx) => {
      storeMatrix(tx, "response", fns.map((f) => f.id), rs.map((r) => r.id), matrix);
      rs.forEach((r, ri) => {
        const rate = passRate(
          fns.flatMap((f, fi) => (f.pipelineStatus === "kept" ? [matrix[fi]![ri]!.verdict] : [])),
          config.execute.errorCounting,
        );
        const decision = decideResponse(rate, undefined, config, sameTextAs(r));
        tx.update(responses)
          .set({ passRate: rate, pipelineStatus: decision.executionKept ? "pending" : "dropped", dropReason: decision.executionKept ? null : decision.reason })
          .where(eq(responses.id, r.id))
          .run();
      });
      tx.update(instructions).set({ pipelineStage: "execute" }).where(eq(instructions.id, id)).run();
    });
    ctx.progress.unitDone(`execute:${id}`);
  });
}
