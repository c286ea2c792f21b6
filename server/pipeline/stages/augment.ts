import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq } from "drizzle-orm";
import { instructions, seedInstructions } from "@/db/schema";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import { parseInstructionList } from "@/lib/autoif/parse/instructionList";
import { augmentPrompt } from "@/lib/autoif/prompts";
import { sampleWithSeed } from "@/lib/autoif/seededSample";
import { nearestDuplicate, tokens } from "@/lib/autoif/similarity";
import { validateSeedText } from "@/lib/seeds/seedText";
import { InvalidInputError } from "../../errors";
import { forEachConcurrent } from "../concurrency";
import type { LlmCallResult, StageContext } from "../types";

/** Seeds shown per augmentation call: enough for variety, few enough to keep prompts short. */
const SEEDS_PER_CALL = 20;

interface Known {
  ref: string;
  tokens: string[];
}

/**
 * Stage 1: asks the generator for new instructions in rounds until the project holds the target
 * number or the call budget is spent. Each round's seeds and sample index depend only on the round
 * number, so a resumed run sends the same (cached) requests; results are applied in round order,
 * so deduplication decides the same way however the calls interleave.
 */
export async function augmentStage(ctx: StageContext): Promise<void> {
  const { db, config, projectId } = ctx;
  const knobs = config.augment;
  const seeds = db
    .select({
      id: seedInstructions.id,
      number: seedInstructions.number,
      text: seedInstructions.text,
      hash: seedInstructions.normalizedHash,
    })
    .from(seedInstructions)
    .where(and(eq(seedInstructions.projectId, projectId), eq(seedInstructions.status, "active")))
    .orderBy(asc(seedInstructions.id))
    .all();
  if (seeds.length === 0)
    throw new InvalidInputError("The project has no active seed instructions to augment.");

  const existing = db
    .select({
      id: instructions.id,
      number: instructions.number,
      text: instructions.text,
      hash: instructions.normalizedHash,
      status: instructions.pipelineStatus,
      stage: instructions.pipelineStage,
    })
    .from(instructions)
    .where(eq(instructions.projectId, projectId))
    .orderBy(asc(instructions.id))
    .all();
  const hashes = new Set([...seeds.map((s) => s.hash), ...existing.map((i) => i.hash)]);
  const isDedupeDrop = (i: { status: string; stage: string | null }) =>
    i.status === "dropped" && i.stage === "augment";
  const known: Known[] = [
    // Drop reasons name items by the per-project numbers the studio lists them under.
    ...seeds.map((s) => ({ ref: `seed #${s.number}`, tokens: tokens(s.text) })),
    ...existing
      .filter((i) => !isDedupeDrop(i))
      .map((i) => ({ ref: `instruction #${i.number}`, tokens: tokens(i.text) })),
  ];
  let kept = existing.filter((i) => !isDedupeDrop(i)).length;
  ctx.progress.setTotal(knobs.maxCalls);

  const wave = Math.max(1, config.llm.generator.concurrency);
  let attempted = 0;
  for (
    let start = 0;
    start < knobs.maxCalls && kept < knobs.targetCount && !ctx.signal.aborted;
    start += wave
  ) {
    const rounds = Array.from(
      { length: Math.min(wave, knobs.maxCalls - start) },
      (_, i) => start + i,
    );
    const results: (LlmCallResult | undefined)[] = [];
    attempted += rounds.length;
    ctx.progress.status(
      `rounds ${start + 1}-${start + rounds.length}: ${kept} of ${knobs.targetCount} instructions kept so far`,
    );
    await forEachConcurrent(rounds, wave, ctx.signal, async (round, i) => {
      const sample = sampleWithSeed(
        seeds.map((s) => s.text),
        SEEDS_PER_CALL,
        config.pairs.seed + round,
      );
      results[i] = await ctx.llm.call({
        role: "generator",
        kind: "augment",
        messages: augmentPrompt(sample, knobs.instructionsPerCall),
        sampleIndex: round,
      });
    });
    for (const [i, result] of results.entries()) {
      if (!result) break;
      const unitKey = `augment:${rounds[i]}`;
      // Rounds of the last wave past the target were asked and answered, but are not needed.
      if (kept >= knobs.targetCount) {
        ctx.progress.unitDone(unitKey);
        continue;
      }
      if (!result.ok) {
        ctx.progress.unitFailed(unitKey, result.error, result.raw, result.callId);
        continue;
      }
      const parsed = parseInstructionList(result.content);
      if (!parsed.ok) {
        ctx.progress.unitFailed(unitKey, parsed.error, parsed.raw, result.callId);
        continue;
      }
      writeTransaction(db, (tx) => {
        for (const candidate of parsed.value) {
          if (kept >= knobs.targetCount) break;
          const valid = validateSeedText(candidate);
          if (!valid.ok) continue;
          const hash = instructionHash(valid.text);
          if (hashes.has(hash)) continue;
          hashes.add(hash);
          const candidateTokens = tokens(valid.text);
          const near = nearestDuplicate(
            candidateTokens,
            known,
            knobs.nearDuplicateMetric,
            knobs.nearDuplicateThreshold,
          );
          const row = tx
            .insert(instructions)
            .values({
              projectId,
              runId: ctx.runId,
              text: valid.text,
              originCallId: result.callId,
              normalizedHash: hash,
              pipelineStage: "augment",
              pipelineStatus: near ? "dropped" : "pending",
              dropReason: near
                ? `near-duplicate of ${near.item.ref} (${knobs.nearDuplicateMetric} ${near.similarity.toFixed(2)})`
                : null,
            })
            .returning({ id: instructions.id })
            .get();
          if (!near) {
            // The number is the insert trigger's, set after RETURNING ran.
            const numbered = tx
              .select({ number: instructions.number })
              .from(instructions)
              .where(eq(instructions.id, row.id))
              .get();
            known.push({ ref: `instruction #${numbered?.number}`, tokens: candidateTokens });
            kept++;
          }
        }
      });
      ctx.progress.unitDone(unitKey);
    }
  }
  // Rounds stop early once the target is met: the stage's total is the rounds actually asked.
  ctx.progress.setTotal(Math.min(attempted, knobs.maxCalls));
}
