import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, desc, eq } from "drizzle-orm";
import { backTranslations, instructions, verifiers } from "@/db/schema";
import { parseBackTranslation, parseNliLabel } from "@/lib/autoif/parse/labels";
import { backTranslatePrompt, nliJudgePrompt } from "@/lib/autoif/prompts";
import { forEachConcurrent, settleAll } from "../concurrency";
import type { StageContext } from "../types";

type Judged = {
  verifierId: number;
  verifierNumber: number | null;
  text: string;
  label: "entail" | "neutral" | "contradict";
  callId: number;
  judgeCallId: number;
};

/**
 * Stage 4: the generator states what each of (up to N) kept functions checks; the judge labels
 * that against the original instruction. Any contradiction drops the instruction; one whose
 * calls failed stays at cross-validation, so a resumed run tries it again.
 */
export async function backTranslateStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const todo = db
    .select({ id: instructions.id, text: instructions.text })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        eq(instructions.pipelineStage, "cross-validate"),
        eq(instructions.pipelineStatus, "pending"),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  ctx.progress.status(
    `back-translating up to ${config.backTranslate.functionsPerInstruction} kept functions of each of ${todo.length} instructions`,
  );
  const concurrency = Math.min(config.llm.generator.concurrency, config.llm.judge.concurrency);

  await forEachConcurrent(todo, concurrency, ctx.signal, async (instruction) => {
    const unitKey = `back-translate:${instruction.id}`;
    const fns = db
      .select({
        id: verifiers.id,
        number: verifiers.number,
        source: verifiers.source,
        language: verifiers.language,
      })
      .from(verifiers)
      .where(and(eq(verifiers.instructionId, instruction.id), eq(verifiers.pipelineStatus, "kept")))
      .orderBy(desc(verifiers.accuracy), asc(verifiers.id))
      .limit(config.backTranslate.functionsPerInstruction)
      .all();
    // Each function's back-translation and judgement are independent of the others': asked at
    // once, so an offline stage batches every function's call of a step together.
    type Step =
      { ok: true; judged: Judged } | { ok: false; error: string; raw?: string; callId: number };
    const steps = await settleAll(
      fns.map(async (fn): Promise<Step> => {
        const bt = await ctx.llm.call({
          role: "generator",
          kind: "back-translate",
          messages: backTranslatePrompt(fn.source, fn.language),
        });
        if (!bt.ok)
          return {
            ok: false,
            error: `back-translation of verifier #${fn.number}: ${bt.error}`,
            raw: bt.raw,
            callId: bt.callId,
          };
        const text = parseBackTranslation(bt.content);
        if (!text.ok)
          return {
            ok: false,
            error: `back-translation of verifier #${fn.number}: ${text.error}`,
            raw: text.raw,
            callId: bt.callId,
          };
        const nli = await ctx.llm.call({
          role: "judge",
          kind: "nli-judge",
          messages: nliJudgePrompt(instruction.text, text.value),
        });
        if (!nli.ok)
          return {
            ok: false,
            error: `judge on verifier #${fn.number}: ${nli.error}`,
            raw: nli.raw,
            callId: nli.callId,
          };
        const label = parseNliLabel(nli.content);
        if (!label.ok)
          return {
            ok: false,
            error: `judge on verifier #${fn.number}: ${label.error}`,
            raw: label.raw,
            callId: nli.callId,
          };
        return {
          ok: true,
          judged: {
            verifierId: fn.id,
            verifierNumber: fn.number,
            text: text.value,
            label: label.value,
            callId: bt.callId,
            judgeCallId: nli.callId,
          },
        };
      }),
    );
    // The first failure in the functions' order decides, as it did when they were asked in turn.
    const failure = steps.find((s) => !s.ok);
    if (failure && !failure.ok)
      return ctx.progress.unitFailed(unitKey, failure.error, failure.raw, failure.callId);
    const judged = steps.flatMap((s) => (s.ok ? [s.judged] : []));
    const contradiction = judged.find((j) => j.label === "contradict");
    writeTransaction(db, (tx) => {
      tx.delete(backTranslations).where(eq(backTranslations.instructionId, instruction.id)).run();
      for (const j of judged) {
        tx.insert(backTranslations)
          .values({
            instructionId: instruction.id,
            verifierId: j.verifierId,
            text: j.text,
            judgeLabel: j.label,
            llmCallId: j.callId,
            judgeCallId: j.judgeCallId,
          })
          .run();
      }
      tx.update(instructions)
        .set({
          pipelineStage: "back-translate",
          pipelineStatus: contradiction ? "dropped" : "kept",
          dropReason: contradiction
            ? `back-translation of verifier #${contradiction.verifierNumber ?? contradiction.verifierId} contradicts it: "${contradiction.text}"`
            : null,
        })
        .where(eq(instructions.id, instruction.id))
        .run();
    });
    ctx.progress.unitDone(unitKey);
  });
}
