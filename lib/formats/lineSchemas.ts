import { z } from "zod";

/**
 * One JSONL line of each trainer format, as the trainers document them. Strict: an extra key
 * fails, so the tests catch a writer that leaks internal fields into a file a trainer reads.
 */

/** LLaMA-Factory alpaca SFT: instruction (the prompt), input (empty here), output. */
export const alpacaSftLineSchema = z.strictObject({
  instruction: z.string(),
  input: z.string(),
  output: z.string(),
});

/** LLaMA-Factory alpaca preference data (registered with `ranking: true`). */
export const alpacaPreferenceLineSchema = z.strictObject({
  instruction: z.string(),
  input: z.string(),
  chosen: z.string(),
  rejected: z.string(),
});

/** ShareGPT: one human turn and one gpt turn. */
export const sharegptLineSchema = z.strictObject({
  conversations: z
    .array(z.strictObject({ from: z.enum(["system", "human", "gpt"]), value: z.string() }))
    .min(2),
});

/** TRL preference, standard (plain strings) form. */
export const trlPreferenceLineSchema = z.strictObject({
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
});

const message = <R extends string>(role: R) => z.strictObject({ role: z.literal(role), content: z.string() });

/** TRL preference, conversational form: the prompt's user turn, each answer's assistant turn. */
export const trlPreferenceConversationalLineSchema = z.strictObject({
  prompt: z.array(message("user")).min(1),
  chosen: z.array(message("assistant")).min(1),
  rejected: z.array(message("assistant")).min(1),
});

/** OpenAI chat fine-tuning (supervised). */
export const openaiChatLineSchema = z.strictObject({
  messages: z
    .array(z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string() }))
    .min(2),
});

/** OpenAI preference fine-tuning (DPO). */
export const openaiPreferenceLineSchema = z.strictObject({
  input: z.strictObject({ messages: z.array(message("user")).min(1) }),
  preferred_output: z.array(message("assistant")).length(1),
  non_preferred_output: z.array(message("assistant")).length(1),
});
