import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq } from "drizzle-orm";
import { instructions, responses, samples } from "@/db/schema";
import { selectPairs } from "@/lib/autoif/responseDecisions";
import { sameTextKey } from "../replay";
import type { StageContext } from "../types";
import { replacePairsOfSamples } from "../replacePairs";

/**
 * Stage 10: DPO pairs per sample from pass rates: chosen above the chosen threshold, rejected at
 * or below the rejected one, drawn as `selectPairs` says with the run's recorded seed plus the
 * sample id.
 */
export async function pairsStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const todo = db
    .select({ id: instructions.id })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        eq(instructions.pipelineStage, "score"),
        eq(instructions.pipelineStatus, "kept"),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  ctx.progress.status(`pairing chosen and rejected responses of ${todo.length} instructions`);
  for (const { id } of todo) {
    if (ctx.signal.aborted) return;
    const rows = db
      .select({
        id: responses.id,
        sampleId: responses.sampleId,
        passRate: responses.passRate,
        order: responses.sampleIndex,
        textKey: sameTextKey,
      })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .where(eq(samples.instructionId, id))
      .orderBy(asc(responses.id))
      .all();
    const bySample = new Map<number, typeof rows>();
    for (const r of rows) bySample.set(r.sampleId, [...(bySample.get(r.sampleId) ?? []), r]);
    writeTransaction(db, (tx) => {
      const selected = [...bySample].flatMap(([sampleId, rs]) =>
        selectPairs(rs, config.pairs, config.pairs.seed + sampleId).map((pair) => ({
          sampleId,
          ...pair,
        })),
      );
      replacePairsOfSamples(tx, [...bySample.keys()], selected);
      tx.update(instructions).set({ pipelineStage: "pairs" }).where(eq(instructions.id, id)).run();
    });
    ctx.progress.unitDone(`pairs:${id}`);
  }
}
