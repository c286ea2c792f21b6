import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { instructions, queries, responses, samples } from "@/db/schema";
import { respondPrompt } from "@/lib/autoif/prompts";
import { forEachConcurrent } from "../concurrency";
import type { StageContext } from "../types";
import { instructionOfSample } from "@/db/projectScope";

/**
 * Stage 7: K generator responses per (instruction, query) sample. A unit is (sample, k); the row
 * is unique on (sample, k), so a resumed run served from the call log writes nothing twice.
 */
export async function respondStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const k = config.respond.responsesPerSample;
  const rows = db
    .select({
      sampleId: samples.id,
      instructionId: instructions.id,
      instruction: instructions.text,
      query: queries.text,
    })
    .from(samples)
    .innerJoin(instructions, instructionOfSample(ctx.projectId))
    .innerJoin(queries, eq(queries.id, samples.queryId))
    .where(
      and(eq(instructions.pipelineStage, "pair-queries"), eq(instructions.pipelineStatus, "kept")),
    )
    .orderBy(asc(samples.id))
    .all();
  const units = rows.flatMap((row) => Array.from({ length: k }, (_, index) => ({ row, index })));
  ctx.progress.setTotal(units.length);
  ctx.progress.status(`generating ${k} responses for each of ${rows.length} samples`);
  const remaining = new Map<number, number>();
  for (const u of units)
    remaining.set(u.row.instructionId, (remaining.get(u.row.instructionId) ?? 0) + 1);

  await forEachConcurrent(
    units,
    config.llm.generator.concurrency,
    ctx.signal,
    async ({ row, index }) => {
      const unitKey = `respond:${row.sampleId}:${index}`;
      const result = await ctx.llm.call({
        role: "generator",
        kind: "respond",
        messages: respondPrompt(row.query, row.instruction),
        sampleIndex: index,
      });
      if (!result.ok) ctx.progress.unitFailed(unitKey, result.error, result.raw, result.callId);
      else {
        db.insert(responses)
          .values({
            sampleId: row.sampleId,
            sampleIndex: index,
            text: result.content,
            llmCallId: result.callId,
          })
          .onConflictDoNothing()
          .run();
        ctx.progress.unitDone(unitKey);
      }
      const left = (remaining.get(row.instructionId) ?? 1) - 1;
      remaining.set(row.instructionId, left);
      if (left === 0 && !ctx.signal.aborted) {
        db.update(instructions)
          .set({ pipelineStage: "respond" })
          .where(eq(instructions.id, row.instructionId))
          .run();
      }
    },
  );
}
