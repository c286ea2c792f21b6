import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { instructions, testCases, verifiers } from "@/db/schema";
import { expectedBoolean } from "@/lib/autoif/crossValidate";
import { parseVerifierOutput } from "@/lib/autoif/parse/verifierOutput";
import { verifyGenPrompt } from "@/lib/autoif/prompts";
import { forEachConcurrent } from "../concurrency";
import type { StageContext } from "../types";

/**
 * Stage 2: for every instruction that augmentation kept, K generator calls, each giving one
 * `evaluate` function and its test cases. A unit is (instruction, sample index); its rows are
 * written once per LLM call, so a resumed run (served from the call log) adds nothing twice.
 */
export async function verifyGenStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const k = config.verifyGen.functionsPerInstruction;
  const language = config.verifyGen.language;
  const todo = db
    .select({ id: instructions.id, text: instructions.text })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        eq(instructions.pipelineStage, "augment"),
        eq(instructions.pipelineStatus, "pending"),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  const units = todo.flatMap((instruction) =>
    Array.from({ length: k }, (_, sample) => ({ instruction, sample })),
  );
  ctx.progress.setTotal(units.length);
  ctx.progress.status(
    `asking for ${k} ${language === "python" ? "Python" : "JavaScript"} functions with test cases for each of ${todo.length} instructions`,
  );
  const remaining = new Map(todo.map((i) => [i.id, k]));

  await forEachConcurrent(
    units,
    config.llm.generator.concurrency,
    ctx.signal,
    async ({ instruction, sample }) => {
      const unitKey = `verify-gen:${instruction.id}:${sample}`;
      const result = await ctx.llm.call({
        role: "generator",
        kind: "verify-gen",
        messages: verifyGenPrompt(instruction.text, config.verifyGen.casesPerCall, language),
        sampleIndex: sample,
      });
      if (!result.ok) ctx.progress.unitFailed(unitKey, result.error, result.raw, result.callId);
      else {
        const parsed = parseVerifierOutput(result.content, language);
        if (!parsed.ok) ctx.progress.unitFailed(unitKey, parsed.error, parsed.raw, result.callId);
        else {
          writeTransaction(db, (tx) => {
            const already = tx
              .select({ id: verifiers.id })
              .from(verifiers)
              .where(
                and(
                  eq(verifiers.instructionId, instruction.id),
                  eq(verifiers.llmCallId, result.callId),
                  isNotNull(verifiers.llmCallId),
                ),
              )
              .get();
            if (already) return;
            tx.insert(verifiers)
              .values({
                instructionId: instruction.id,
                source: parsed.value.func,
                language,
                origin: "llm",
                llmCallId: result.callId,
              })
              .run();
            for (const c of parsed.value.cases) {
              tx.insert(testCases)
                .values({
                  instructionId: instruction.id,
                  input: c.input,
                  expected: expectedBoolean(c.output, true) ?? false,
                  expectedRaw: typeof c.output === "boolean" ? null : JSON.stringify(c.output),
                  origin: "llm",
                  llmCallId: result.callId,
                })
                .run();
            }
          });
          ctx.progress.unitDone(unitKey);
        }
      }
      const left = (remaining.get(instruction.id) ?? 1) - 1;
      remaining.set(instruction.id, left);
      if (left === 0 && !ctx.signal.aborted) {
        db.update(instructions)
          .set({ pipelineStage: "verify-gen" })
          .where(eq(instructions.id, instruction.id))
          .run();
      }
    },
  );
}
