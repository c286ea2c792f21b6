import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { instructions, queries, responses, samples } from "@/db/schema";
import { parseScore } from "@/lib/autoif/parse/score";
import { scorePrompt } from "@/lib/autoif/prompts";
import { decideResponse, meanScore } from "@/lib/autoif/responseDecisions";
import { forEachConcurrent, settleAll } from "../concurrency";
import type { StageContext } from "../types";
import { instructionOfSample } from "@/db/projectScope";

/**
 * Stage 9: the judge scores each response execution kept, `judgeSamples` times; the mean decides.
 * An unparsable score is a failed unit with its raw text (and counts as no score).
 */
export async function scoreStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const inStage = db
    .select({ id: instructions.id })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        eq(instructions.pipelineStage, "execute"),
        eq(instructions.pipelineStatus, "kept"),
      ),
    )
    .all()
    .map((i) => i.id);
  const rows = inStage.length
    ? db
        .select({
          id: responses.id,
          text: responses.text,
          passRate: responses.passRate,
          status: responses.pipelineStatus,
          instructionId: instructions.id,
          instruction: instructions.text,
          query: queries.text,
        })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .innerJoin(instructions, instructionOfSample(ctx.projectId))
        .innerJoin(queries, eq(queries.id, samples.queryId))
        .where(inArray(instructions.id, inStage))
        .orderBy(asc(responses.id))
        .all()
    : [];
  const toScore = rows.filter((r) => r.status === "pending");
  ctx.progress.setTotal(toScore.length);
  ctx.progress.status(
    `judging ${toScore.length} responses, ${config.score.judgeSamples} call(s) each`,
  );
  await forEachConcurrent(toScore, config.llm.judge.concurrency, ctx.signal, async (r) => {
    // One unit per response: its judge samples either all read, or the first failure is recorded.
    const unitKey = `score:${r.id}`;
    const scores: Array<number | null> = [];
    let failure: { error: string; raw?: string; callId: number } | undefined;
    // The judge samples are independent: asked at once, so an offline stage batches all of them.
    const results = await settleAll(
      Array.from({ length: config.score.judgeSamples }, (_, j) =>
        ctx.llm.call({
          role: "judge",
          kind: "score",
          messages: scorePrompt(r.instruction, r.query, r.text),
          sampleIndex: j,
        }),
      ),
    );
    for (const [j, result] of results.entries()) {
      if (!result.ok) {
        ctx.progress.unitFailed(unitKey, result.error, result.raw, result.callId);
        return;
      }
      const parsed = parseScore(result.content, config.score.parser);
      if (!parsed.ok)
        failure ??= {
          error: `judge sample ${j}: ${parsed.error}`,
          raw: parsed.raw,
          callId: result.callId,
        };
      scores.push(parsed.ok ? parsed.value : null);
    }
    const score = meanScore(scores);
    const decision = decideResponse(r.passRate, score, config);
    db.update(responses)
      .set({
        score,
        scoreSamples: scores,
        pipelineStatus: decision.kept ? "kept" : "dropped",
        dropReason: decision.reason,
      })
      .where(eq(responses.id, r.id))
      .run();
    if (failure) ctx.progress.unitFailed(unitKey, failure.error, failure.raw, failure.callId);
    else ctx.progress.unitDone(unitKey);
  });
  if (!ctx.signal.aborted) {
    // Instructions move on once every response they had to score has a score.
    const unscored = new Set(
      db
        .select({ instructionId: samples.instructionId })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .where(
          and(
            eq(responses.pipelineStatus, "pending"),
            inArray(samples.instructionId, inStage.length ? inStage : [-1]),
          ),
        )
        .all()
        .map((r) => r.instructionId),
    );
    for (const id of inStage) {
      if (!unscored.has(id))
        db.update(instructions)
          .set({ pipelineStage: "score" })
          .where(eq(instructions.id, id))
          .run();
    }
  }
}
