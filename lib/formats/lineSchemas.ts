import { z } from "zod";

/**
 * One JSONL line of each trainer format, as the trainers document them. Strict: an extra key
 * fails, so the tests catch a writer that leaks internal fields into a file a trainer reads.
 */

/** LLaMA-Factory's optional system prompt column (alpaca and ShareGPT), registered as `columns.system`. */
const system = z.string().min(1).optional();

/** LLaMA-Factory alpaca SFT: instruction (the prompt), input (empty here), output. */
export const alpacaSftLineSchema = z.strictObject({
  instruction: z.string(),
  input: z.string(),
  output: z.string(),
  system,
});

/** LLaMA-Factory alpaca preference data (registered with `ranking: true`). */
export const alpacaPreferenceLineSchema = z.strictObject({
  instruction: z.string(),
  input: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  system,
});

const turn = <F extends string>(from: F) =>
  z.strictObject({ from: z.literal(from), value: z.string() });

/** ShareGPT: one human turn and one gpt turn, as LLaMA-Factory requires (human at odd positions, gpt at even). */
export const sharegptLineSchema = z.strictObject({
  conversations: z.tuple([turn("human"), turn("gpt")]),
  system,
});

/** LLaMA-Factory ShareGPT preference (`ranking: true`): the conversation ends on the human turn; chosen and rejected are gpt turns. */
export const sharegptPreferenceLineSchema = z.strictObject({
  conversations: z.tuple([turn("human")]),
  chosen: turn("gpt"),
  rejected: turn("gpt"),
  system,
});

/** LLaMA-Factory KTO: a ShareGPT conversation and whether its answer is desirable. */
export const ktoLineSchema = z.strictObject({
  conversations: z.tuple([turn("human"), turn("gpt")]),
  kto_tag: z.boolean(),
  system,
});

/** TRL preference, standard (plain strings) form. */
export const trlPreferenceLineSchema = z.strictObject({
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
});

const message = <R extends string>(role: R) =>
  z.strictObject({ role: z.literal(role), content: z.string() });

/** A prompt's turns: an optional system message, then the user's. */
const promptTurns = z.union([
  z.tuple([message("user")]),
  z.tuple([message("system"), message("user")]),
]);

/** TRL preference, conversational form: the prompt's (system and) user turn, each answer's assistant turn. */
export const trlPreferenceConversationalLineSchema = z.strictObject({
  prompt: promptTurns,
  chosen: z.array(message("assistant")).min(1),
  rejected: z.array(message("assistant")).min(1),
});

/** OpenAI chat fine-tuning (supervised): (system,) user, assistant. */
export const openaiChatLineSchema = z.strictObject({
  messages: z.union([
    z.tuple([message("user"), message("assistant")]),
    z.tuple([message("system"), message("user"), message("assistant")]),
  ]),
});

/** OpenAI preference fine-tuning (DPO). */
export const openaiPreferenceLineSchema = z.strictObject({
  input: z.strictObject({ messages: promptTurns }),
  preferred_output: z.array(message("assistant")).length(1),
  non_preferred_output: z.array(message("assistant")).length(1),
});
