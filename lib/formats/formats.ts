import type { z } from "zod";
import {
  alpacaPreferenceLineSchema,
  alpacaSftLineSchema,
  ktoLineSchema,
  openaiChatLineSchema,
  openaiPreferenceLineSchema,
  sharegptLineSchema,
  sharegptPreferenceLineSchema,
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

/** One side of a DPO pair on its own, for unpaired preference (KTO): desirable for the chosen side. */
export interface UnpairedRow {
  prompt: string;
  response: string;
  desirable: boolean;
}

/** What every line of one export shares: the system prompt (null: none). */
export interface LineOptions {
  system: string | null;
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
  toLine: (row: Row, options: LineOptions) => unknown;
  /** Registered in LLaMA-Factory's dataset_info.json (alpaca and ShareGPT formats). */
  llamaFactory: boolean;
  /** The line has a place for a system prompt. */
  systemSlot: boolean;
}

export type SftFormat = FormatBase<"sft", SftRow> & { unpaired?: false };
export type DpoFormat = FormatBase<"dpo", DpoRow> & { unpaired?: false };
/** Made from DPO pairs, one line per distinct response of a sample: the chosen ones desirable, the rejected ones not. */
export type UnpairedFormat = FormatBase<"dpo", UnpairedRow> & { unpaired: true };
export type ExportFormat = SftFormat | DpoFormat | UnpairedFormat;

const user = (content: string, o: LineOptions) => [
  ...(o.system === null ? [] : [{ role: "system" as const, content: o.system }]),
  { role: "user" as const, content },
];
const assistant = (content: string) => [{ role: "assistant" as const, content }];
/** The `system` column of LLaMA-Factory's alpaca and ShareGPT lines, present only when set. */
const systemColumn = (o: LineOptions) => (o.system === null ? {} : { system: o.system });
const human = (value: string) => [{ from: "human" as const, value }];
const gpt = (value: string) => ({ from: "gpt" as const, value });

export const SFT_FORMATS = [
  {
    id: "alpaca",
    kind: "sft",
    label: "Alpaca",
    shape: "{instruction, input, output, system?}",
    trainer: "LLaMA-Factory",
    schema: alpacaSftLineSchema,
    llamaFactory: true,
    systemSlot: true,
    toLine: (r, o) => ({
      instruction: r.prompt,
      input: "",
      output: r.response,
      ...systemColumn(o),
    }),
  },
  {
    id: "sharegpt",
    kind: "sft",
    label: "ShareGPT",
    shape: "{conversations: [{from, value}], system?}",
    trainer: "LLaMA-Factory, Axolotl, FastChat",
    schema: sharegptLineSchema,
    llamaFactory: true,
    systemSlot: true,
    toLine: (r, o) => ({
      conversations: [...human(r.prompt), gpt(r.response)],
      ...systemColumn(o),
    }),
  },
  {
    id: "openai-chat",
    kind: "sft",
    label: "OpenAI chat",
    shape: "{messages: [{role, content}]}",
    trainer: "OpenAI fine-tuning, TRL SFTTrainer",
    schema: openaiChatLineSchema,
    llamaFactory: false,
    systemSlot: true,
    toLine: (r, o) => ({ messages: [...user(r.prompt, o), ...assistant(r.response)] }),
  },
] as const satisfies readonly SftFormat[];

export const DPO_FORMATS = [
  {
    id: "alpaca-preference",
    kind: "dpo",
    label: "Alpaca preference",
    shape: "{instruction, input, chosen, rejected, system?}",
    trainer: "LLaMA-Factory",
    schema: alpacaPreferenceLineSchema,
    llamaFactory: true,
    systemSlot: true,
    toLine: (r, o) => ({
      instruction: r.prompt,
      input: "",
      chosen: r.chosen,
      rejected: r.rejected,
      ...systemColumn(o),
    }),
  },
  {
    id: "sharegpt-preference",
    kind: "dpo",
    label: "ShareGPT preference",
    shape:
      "{conversations: [{from, value}], chosen: {from, value}, rejected: {from, value}, system?}",
    trainer: "LLaMA-Factory",
    schema: sharegptPreferenceLineSchema,
    llamaFactory: true,
    systemSlot: true,
    toLine: (r, o) => ({
      conversations: human(r.prompt),
      chosen: gpt(r.chosen),
      rejected: gpt(r.rejected),
      ...systemColumn(o),
    }),
  },
  {
    id: "trl-preference",
    kind: "dpo",
    label: "TRL preference",
    shape: "{prompt, chosen, rejected} as strings",
    trainer: "TRL DPOTrainer",
    schema: trlPreferenceLineSchema,
    llamaFactory: false,
    systemSlot: false,
    toLine: (r) => ({ prompt: r.prompt, chosen: r.chosen, rejected: r.rejected }),
  },
  {
    id: "trl-preference-conversational",
    kind: "dpo",
    label: "TRL preference, conversational",
    shape: "{prompt, chosen, rejected} as message lists",
    trainer: "TRL DPOTrainer",
    schema: trlPreferenceConversationalLineSchema,
    llamaFactory: false,
    systemSlot: true,
    toLine: (r, o) => ({
      prompt: user(r.prompt, o),
      chosen: assistant(r.chosen),
      rejected: assistant(r.rejected),
    }),
  },
  {
    id: "openai-preference",
    kind: "dpo",
    label: "OpenAI preference",
    shape: "{input, preferred_output, non_preferred_output}",
    trainer: "OpenAI DPO fine-tuning",
    schema: openaiPreferenceLineSchema,
    llamaFactory: false,
    systemSlot: true,
    toLine: (r, o) => ({
      input: { messages: user(r.prompt, o) },
      preferred_output: assistant(r.chosen),
      non_preferred_output: assistant(r.rejected),
    }),
  },
] as const satisfies readonly DpoFormat[];

/** Unpaired preference data from the DPO pairs (each distinct response of a sample once). */
export const UNPAIRED_FORMATS = [
  {
    id: "kto",
    kind: "dpo",
    unpaired: true,
    label: "KTO (ShareGPT, kto_tag)",
    shape: "{conversations: [{from, value}], kto_tag, system?}",
    trainer: "LLaMA-Factory (KTO)",
    schema: ktoLineSchema,
    llamaFactory: true,
    systemSlot: true,
    toLine: (r, o) => ({
      conversations: [...human(r.prompt), gpt(r.response)],
      kto_tag: r.desirable,
      ...systemColumn(o),
    }),
  },
] as const satisfies readonly UnpairedFormat[];

const ALL_FORMATS: readonly ExportFormat[] = [...SFT_FORMATS, ...DPO_FORMATS, ...UNPAIRED_FORMATS];

/** The formats offered for each kind of export, as the studio lists them. */
export const FORMATS_BY_KIND: { sft: readonly ExportFormat[]; dpo: readonly ExportFormat[] } = {
  sft: SFT_FORMATS,
  dpo: [...DPO_FORMATS, ...UNPAIRED_FORMATS],
};

export const FORMAT_IDS = ALL_FORMATS.map((f) => f.id) as [string, ...string[]];
export type FormatId =
  | (typeof SFT_FORMATS)[number]["id"]
  | (typeof DPO_FORMATS)[number]["id"]
  | (typeof UNPAIRED_FORMATS)[number]["id"];

/** The format with this id, or undefined. */
export function formatById(id: string): ExportFormat | undefined {
  return ALL_FORMATS.find((f) => f.id === id);
}
