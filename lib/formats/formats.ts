import type { z } from "zod";
import {
  alpacaPreferenceLineSchema,
  alpacaSftLineSchema,
  openaiChatLineSchema,
  openaiPreferenceLineSchema,
  sharegptLineSchema,
  trlPreferenceConversationalLineSchema,
  trlPreferenceLineSchema,
} from "./lineSchemas";

/** An SFT example: the prompt as the pipeline sent it and the kept response. */
export interface SftRow {
  prompt: string;
  response: string;
}

/** A DPO pair: the prompt, the chosen response and the rejected one. */
export interface DpoRow {
  prompt: string;
  chosen: string;
  rejected: string;
}

interface FormatBase<K extends "sft" | "dpo", Row> {
  id: string;
  kind: K;
  label: string;
  /** The line's JSON shape, shown beside the label. */
  shape: string;
  /** The trainer whose loader reads this format, shown in the studio. */
  trainer: string;
  schema: z.ZodType;
  toLine: (row: Row) => unknown;
  /** Registered in LLaMA-Factory's dataset_info.json (alpaca and ShareGPT formats). */
  llamaFactory: boolean;
}

export type SftFormat = FormatBase<"sft", SftRow>;
export type DpoFormat = FormatBase<"dpo", DpoRow>;
export type ExportFormat = SftFormat | DpoFormat;

const user = (content: string) => [{ role: "user" as const, content }];
const assistant = (content: string) => [{ role: "assistant" as const, content }];

export const SFT_FORMATS = [
  { id: "alpaca", kind: "sft", label: "Alpaca", shape: "{instruction, input, output}", trainer: "LLaMA-Factory", schema: alpacaSftLineSchema, llamaFactory: true, toLine: (r) => ({ instruction: r.prompt, input: "", output: r.response }) },
  { id: "sharegpt", kind: "sft", label: "ShareGPT", shape: "{conversations: [{from, value}]}", trainer: "LLaMA-Factory, Axolotl, FastChat", schema: sharegptLineSchema, llamaFactory: true, toLine: (r) => ({ conversations: [{ from: "human", value: r.prompt }, { from: "gpt", value: r.response }] }) },
  { id: "openai-chat", kind: "sft", label: "OpenAI chat", shape: "{messages: [{role, content}]}", trainer: "OpenAI fine-tuning, TRL SFTTrainer", schema: openaiChatLineSchema, llamaFactory: false, toLine: (r) => ({ messages: [...user(r.prompt), ...assistant(r.response)] }) },
] as const satisfies readonly SftFormat[];

export const DPO_FORMATS = [
  { id: "alpaca-preference", kind: "dpo", label: "Alpaca preference", shape: "{instruction, input, chosen, rejected}", trainer: "LLaMA-Factory", schema: alpacaPreferenceLineSchema, llamaFactory: true, toLine: (r) => ({ instruction: r.prompt, input: "", chosen: r.chosen, rejected: r.rejected }) },
  { id: "trl-preference", kind: "dpo", label: "TRL preference", shape: "{prompt, chosen, rejected} as strings", trainer: "TRL DPOTrainer", schema: trlPreferenceLineSchema, llamaFactory: false, toLine: (r) => ({ prompt: r.prompt, chosen: r.chosen, rejected: r.rejected }) },
  { id: "trl-preference-conversational", kind: "dpo", label: "TRL preference, conversational", shape: "{prompt, chosen, rejected} as message lists", trainer: "TRL DPOTrainer", schema: trlPreferenceConversationalLineSchema, llamaFactory: false, toLine: (r) => ({ prompt: user(r.prompt), chosen: assistant(r.chosen), rejected: assistant(r.rejected) }) },
  { id: "openai-preference", kind: "dpo", label: "OpenAI preference", shape: "{input, preferred_output, non_preferred_output}", trainer: "OpenAI DPO fine-tuning", schema: openaiPreferenceLineSchema, llamaFactory: false, toLine: (r) => ({ input: { messages: user(r.prompt) }, preferred_output: assistant(r.chosen), non_preferred_output: assistant(r.rejected) }) },
] as const satisfies readonly DpoFormat[];

export const FORMAT_IDS = [...SFT_FORMATS.map((f) => f.id), ...DPO_FORMATS.map((f) => f.id)] as [string, ...string[]];
export type FormatId = (typeof SFT_FORMATS)[number]["id"] | (typeof DPO_FORMATS)[number]["id"];

/** The format with this id, or undefined. */
export function formatById(id: string): ExportFormat | undefined {
  return ([...SFT_FORMATS, ...DPO_FORMATS] as readonly ExportFormat[]).find((f) => f.id === id);
}
