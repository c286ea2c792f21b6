import type { Verdict } from "../autoif/crossValidate";
import { passRate } from "../autoif/responseDecisions";
import type { PipelineConfig } from "../schemas/pipelineConfig";

/**
 * OpenRLHF's remote reward protocol (openrlhf/utils/agent.py, SingleTurnAgentExecutor): the trainer
 * POSTs `{"query": [...], "prompts": [...], "labels": [...]}`, where each query is the prompt (the
 * chat template already applied) followed by the sampled response, decoded with special tokens
 * kept; it reads `rewards` (for the advantage), `scores` (0..1, for dynamic filtering) and
 * `extra_logs` (every value becomes `torch.tensor([value])`, so only numbers may go there).
 */
export interface RewardRequest {
  query: string[];
  prompts: string[];
  /** Each item's instruction key (lib/rl/instructionKey.ts); anything else is an unknown label. */
  labels: unknown[];
}

/** Most items one request may hold; a larger one is refused whole with 413. */
export const MAX_REWARD_ITEMS = 65_536;

export type ParsedRewardRequest =
  { ok: true; request: RewardRequest } | { ok: false; status: 400 | 413; message: string };

const SHAPE =
  'The body must be a JSON object {"query": [...], "prompts": [...], "labels": [...]} (OpenRLHF\'s remote reward protocol).';

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Checks a parsed JSON body: three lists of one length, query and prompts all strings. */
export function parseRewardRequest(
  body: unknown,
  maxItems = MAX_REWARD_ITEMS,
): ParsedRewardRequest {
  const bad = (message: string): ParsedRewardRequest => ({
    ok: false,
    status: 400,
    message: `${message} Nothing was scored.`,
  });
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return bad(`${SHAPE} Got ${describe(body)}.`);
  const fields = body as Record<string, unknown>;
  for (const name of ["query", "prompts", "labels"] as const) {
    if (!(name in fields)) return bad(`The field "${name}" is missing. ${SHAPE}`);
    if (!Array.isArray(fields[name]))
      return bad(`The field "${name}" must be a list, got ${describe(fields[name])}.`);
  }
  const query = fields.query as unknown[];
  const prompts = fields.prompts as unknown[];
  const labels = fields.labels as unknown[];
  if (query.length !== prompts.length || query.length !== labels.length) {
    return bad(
      `The lists differ in length: query has ${query.length} items, prompts ${prompts.length} and labels ${labels.length}; item i of each belongs together.`,
    );
  }
  if (query.length > maxItems) {
    return {
      ok: false,
      status: 413,
      message: `The request has ${query.length.toLocaleString("en-US")} items; the limit is ${maxItems.toLocaleString("en-US")} per request. Nothing was scored; send smaller batches.`,
    };
  }
  for (const [name, list] of [
    ["query", query],
    ["prompts", prompts],
  ] as const) {
    const at = list.findIndex((v) => typeof v !== "string");
    if (at >= 0) return bad(`${name}[${at}] is ${describe(list[at])}, not a string.`);
  }
  return { ok: true, request: { query: query as string[], prompts: prompts as string[], labels } };
}

/** How a reward is made from the verdicts, and what is cut from the response first. */
export interface RewardOptions {
  /** pass-rate: the share of counted verifiers passed; all-or-nothing: 1 when all passed, else 0. */
  mode: "pass-rate" | "all-or-nothing";
  /** strip: a leading `<think>...</think>` section is removed before verifying (reasoning models). */
  think: "strip" | "keep";
  /** train: instructions in the split's test side are refused (reward 0); any: scored too (evaluation). */
  split: "train" | "any";
}

export const DEFAULT_REWARD_OPTIONS: RewardOptions = {
  mode: "pass-rate",
  think: "strip",
  split: "train",
};

const OPTION_VALUES: { [K in keyof RewardOptions]: readonly RewardOptions[K][] } = {
  mode: ["pass-rate", "all-or-nothing"],
  think: ["strip", "keep"],
  split: ["train", "any"],
};

/** The options a URL's query string sets (`?mode=all-or-nothing&think=keep&split=any`) over `defaults`, or the first bad one. */
export function rewardOptionsFrom(
  params: URLSearchParams,
  defaults: RewardOptions = DEFAULT_REWARD_OPTIONS,
): { ok: true; options: RewardOptions } | { ok: false; message: string } {
  const options = { ...defaults };
  for (const key of Object.keys(OPTION_VALUES) as Array<keyof RewardOptions>) {
    const value = params.get(key);
    if (value === null) continue;
    const allowed = OPTION_VALUES[key] as readonly string[];
    if (!allowed.includes(value))
      return {
        ok: false,
        message: `The URL option ${key}=${value} is not one of ${allowed.join(", ")}. Nothing was scored.`,
      };
    (options as Record<string, string>)[key] = value;
  }
  return { ok: true, options };
}

/**
 * End-of-turn markers a query ends with when the trainer decodes with special tokens kept (OpenRLHF
 * does): ChatML/Qwen, GPT-2 family, Llama 3, Llama 2/Mistral, Phi, Gemma, gpt-oss. verl and TRL
 * decode with skip_special_tokens=True and never send them.
 */
const END_MARKERS = [
  "<|im_end|>",
  "<|endoftext|>",
  "<|eot_id|>",
  "<|end_of_text|>",
  "</s>",
  "<|end|>",
  "<end_of_turn>",
  "<eos>",
  "<|return|>",
];
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The response with the end-of-turn markers at its end removed, and the whitespace after each
 * (the text before the first of them is kept as is). Scans back from the end only: a regular
 * expression anchored at `$` is tried at every position of a long response.
 */
export function stripEndMarkers(text: string): string {
  let end = text.length;
  for (;;) {
    let e = end;
    while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
    const marker = END_MARKERS.find((m) => e >= m.length && text.startsWith(m, e - m.length));
    if (marker === undefined) return end === text.length ? text : text.slice(0, end);
    end = e - marker.length;
  }
}

/**
 * The text after a leading thinking section: `<think>...</think>` at the start (after spaces), or,
 * when the chat template opened `<think>` in the prompt, everything up to the first `</think>` that
 * no `<think>` precedes. A section that never closes leaves nothing: the model never answered.
 */
export function stripThinking(text: string): string {
  const start = text.trimStart();
  if (start.startsWith("<think>")) {
    const end = start.indexOf("</think>");
    return end < 0 ? "" : start.slice(end + "</think>".length).trimStart();
  }
  const close = text.indexOf("</think>");
  if (close >= 0 && !text.slice(0, close).includes("<think>"))
    return text.slice(close + "</think>".length).trimStart();
  return text;
}

/**
 * The response inside a query: the text after the prompt (OpenRLHF's query is prompt + response).
 * When the query does not start with the prompt (a tokenizer's decode can change spaces), the text
 * after the prompt's first occurrence; when the prompt is nowhere in the query, a problem.
 */
export function responseOfQuery(
  query: string,
  prompt: string,
): { response: string } | { problem: string } {
  if (query.startsWith(prompt)) return { response: query.slice(prompt.length) };
  const at = query.indexOf(prompt);
  if (at >= 0) return { response: query.slice(at + prompt.length) };
  return {
    problem: "the query does not contain its prompt, so the response in it cannot be found",
  };
}

/** The text the verifiers judge, from one query and its prompt, or why there is none. */
export function verifiedText(
  query: string,
  prompt: string,
  options: Pick<RewardOptions, "think">,
): { response: string } | { problem: string } {
  const found = responseOfQuery(query, prompt);
  if ("problem" in found) return found;
  const response = stripEndMarkers(found.response);
  return { response: options.think === "strip" ? stripThinking(response) : response };
}

/** A reward from one response's verdicts under the project's counting rule; 0 when nothing counted. */
export function rewardFromVerdicts(
  verdicts: readonly Verdict[],
  counting: PipelineConfig["execute"]["errorCounting"],
  mode: RewardOptions["mode"],
) {
  const rate = passRate(verdicts, counting);
  const reward = rate === null ? 0 : mode === "all-or-nothing" ? (rate === 1 ? 1 : 0) : rate;
  return { reward, passRate: rate };
}
