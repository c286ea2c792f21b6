import { z } from "zod";
import type { RewardFunctionTrainer } from "./rewardFunctions";

/**
 * The RLVR exports: prompts a trainer samples from, each with the instruction key its reward
 * needs (../shared/FORMATS.md, "Reinforcement learning with verifiable rewards").
 *
 * - verl: parquet rows `data_source`, `prompt` (a list of {role, content}), `ability`,
 *   `reward_model` {style: "rule", ground_truth}, `extra_info` {split, index, ...}, the columns
 *   verl's own examples/data_preprocess scripts write (nested as pandas/pyarrow write them);
 * - trl-prompt: JSONL `{"prompt": [{role, content}], "label": key}`, GRPO's conversational
 *   prompt-only form plus the column the reward function reads;
 * - openrlhf: JSONL `{"input": [{role, content}], "label": key}` for `--data.input_key input
 *   --data.label_key label --data.apply_chat_template`.
 */
export const RLVR_FORMAT_IDS = ["verl", "trl-prompt", "openrlhf"] as const;
export type RlvrFormatId = (typeof RLVR_FORMAT_IDS)[number];

export interface RlvrFormat {
  id: RlvrFormatId;
  label: string;
  trainer: string;
  extension: "parquet" | "jsonl";
  rewardFunction: RewardFunctionTrainer;
  shape: string;
}

export const RLVR_FORMATS: readonly RlvrFormat[] = [
  {
    id: "verl",
    label: "verl (parquet)",
    trainer: "verl (PPO, GRPO)",
    extension: "parquet",
    rewardFunction: "verl",
    shape:
      "data_source, prompt [{role, content}], ability, reward_model {style, ground_truth}, extra_info {split, index, ...}",
  },
  {
    id: "trl-prompt",
    label: "TRL prompt-only",
    trainer: "TRL GRPOTrainer",
    extension: "jsonl",
    rewardFunction: "trl",
    shape: '{"prompt": [{role, content}], "label": key}',
  },
  {
    id: "openrlhf",
    label: "OpenRLHF prompts",
    trainer: "OpenRLHF (PPO, REINFORCE++, GRPO)",
    extension: "jsonl",
    rewardFunction: "openrlhf",
    shape: '{"input": [{role, content}], "label": key}',
  },
];

export function rlvrFormatById(id: string): RlvrFormat | undefined {
  return RLVR_FORMATS.find((f) => f.id === id);
}

/** The verl data_source every row names (verl picks the reward function by it; ours ignores it). */
export const VERL_DATA_SOURCE = "autoif";
export const VERL_ABILITY = "instruction-following";

const message = z.strictObject({ role: z.enum(["system", "user"]), content: z.string() });
const chat = z.array(message).min(1);

/** One row of each format, as a reader gets it back (verl's index as a number). */
export const rlvrRowSchemas = {
  verl: z.strictObject({
    data_source: z.literal(VERL_DATA_SOURCE),
    prompt: chat,
    ability: z.literal(VERL_ABILITY),
    reward_model: z.strictObject({
      style: z.literal("rule"),
      ground_truth: z.string().regex(/^i\d+-[0-9a-f]{12}$/),
    }),
    extra_info: z.strictObject({
      split: z.literal("train"),
      index: z.number().int().min(0),
      instruction_key: z.string(),
      instruction_number: z.number().int(),
      instruction: z.string(),
      query: z.string(),
    }),
  }),
  "trl-prompt": z.strictObject({ prompt: chat, label: z.string().regex(/^i\d+-[0-9a-f]{12}$/) }),
  openrlhf: z.strictObject({ input: chat, label: z.string().regex(/^i\d+-[0-9a-f]{12}$/) }),
} satisfies Record<RlvrFormatId, z.ZodType>;

/** What an RLVR export holds and how it was made; written beside the file and kept in `exports`. */
export const rlvrManifestSchema = z.strictObject({
  manifestVersion: z.literal(1),
  tool: z.strictObject({ name: z.literal("autoif-studio"), version: z.string() }),
  createdAt: z.string(),
  project: z.strictObject({ id: z.number(), name: z.string(), preset: z.string() }),
  kind: z.literal("rlvr"),
  format: z.enum(RLVR_FORMAT_IDS),
  file: z.strictObject({
    name: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
    sha256: z.string(),
  }),
  systemPrompt: z.string().nullable(),
  review: z.enum(["exclude-rejected", "approved-only"]),
  /** Prompts (instruction x query samples) left after each step, in order. */
  counts: z.array(z.strictObject({ step: z.string(), label: z.string(), rows: z.number().int() })),
  split: z
    .strictObject({
      seed: z.number().int(),
      testFraction: z.number(),
      version: z.number().int(),
      heldOutInstructions: z.number().int(),
    })
    .nullable(),
  /** Every instruction in the file: its key (the label), number and the verifier versions its reward runs. */
  instructions: z.array(
    z.strictObject({
      key: z.string(),
      number: z.number().int(),
      rows: z.number().int(),
      verifiers: z.array(
        z.strictObject({ id: z.number().int(), version: z.number().int(), language: z.string() }),
      ),
    }),
  ),
  reward: z.strictObject({
    /** The reward server URL baked into the reward function (AUTOIF_REWARD_URL overrides it). */
    url: z.string(),
    functionFile: z.string(),
    /** How the server counts: the project's rule for verifier errors, and its defaults. */
    errorCounting: z.string(),
    mode: z.literal("pass-rate"),
    thinkStripped: z.literal(true),
    note: z.string(),
  }),
});
export type RlvrManifest = z.infer<typeof rlvrManifestSchema>;
