import type { VerifierLanguage } from "../../verifier/language";
import { block, promptHeader, type ChatMessage, type PromptId } from "./messages";

export { promptName, type ChatMessage, type PromptId } from "./messages";

/** Every prompt the pipeline sends, with its current version (shown in the studio, kept in manifests). */
export const PROMPTS = {
  augment: { kind: "augment", version: 1 },
  verifyGen: { kind: "verify-gen", version: 1 },
  verifyGenPython: { kind: "verify-gen", name: "verify-gen-python", version: 1 },
  backTranslate: { kind: "back-translate", version: 1 },
  backTranslatePython: { kind: "back-translate", name: "back-translate-python", version: 1 },
  nliJudge: { kind: "nli-judge", version: 1 },
  composeWitness: { kind: "compose-witness", version: 1 },
  composeJudge: { kind: "compose-judge", version: 1 },
  respond: { kind: "respond", version: 1 },
  score: { kind: "score", version: 1 },
} as const satisfies Record<string, PromptId>;

/** Stage 1: asks for `count` new atomic, code-checkable instructions in the style of the seeds. */
export function augmentPrompt(seeds: readonly string[], count: number): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        promptHeader(PROMPTS.augment),
        "You write format instructions for training language models to follow instructions.",
        "Each instruction you write is atomic (one constraint), applies to an answer to any user question, and can be checked by a short program that reads only the answer text: lengths, counts, casing, keywords, punctuation, structure, start and end phrases, output formats.",
        "Never write instructions about the topic, truthfulness, style or quality of the answer: a program could not check them.",
      ].join("\n"),
    },
    {
      role: "user",
      content: [
        block("Seed instructions", seeds.map((s, i) => `${i + 1}. ${s}`).join("\n")),
        "",
        `Write ${count} new instructions of this kind that differ from the seeds and from each other.`,
        "Answer with a numbered list only, one instruction per line, like `1. Use no more than 3 commas.`",
      ].join("\n"),
    },
  ];
}

/**
 * Stage 2: asks for one verification function and `caseCount` labelled test cases, in the
 * project's verifier language. JavaScript comes back as one JSON object; Python as a ```python
 * block and a ```json block of cases, so its indentation never passes through JSON escaping.
 */
export function verifyGenPrompt(
  instruction: string,
  caseCount: number,
  language: VerifierLanguage = "javascript",
): ChatMessage[] {
  return language === "python"
    ? verifyGenPythonPrompt(instruction, caseCount)
    : verifyGenJavaScriptPrompt(instruction, caseCount);
}

/** The two verify-gen prompts differ in what they ask for and the reply shape; the rest is shared. */
function verifyGenMessages(
  id: PromptId,
  system: readonly string[],
  instruction: string,
  caseCount: number,
  reply: readonly string[],
): ChatMessage[] {
  const casesRequest = `Also write ${caseCount} test cases: example answers with the boolean the function must return for each, mixing answers that follow the instruction and answers that do not.`;
  return [
    { role: "system", content: [promptHeader(id), ...system].join("\n") },
    {
      role: "user",
      content: [block("Instruction", instruction), "", casesRequest, ...reply].join("\n"),
    },
  ];
}

function verifyGenJavaScriptPrompt(instruction: string, caseCount: number): ChatMessage[] {
  return verifyGenMessages(
    PROMPTS.verifyGen,
    [
      "You write JavaScript that checks whether an answer follows a format instruction.",
      "Write exactly one function `function evaluate(response) { ... }` that takes the answer as a string and returns true if it follows the instruction and false otherwise.",
      "Plain ECMAScript 2023 only: no require, import, fetch, Date, console or timers; the function must be deterministic and fast.",
    ],
    instruction,
    caseCount,
    [
      "Reply with one JSON object in a ```json code block and nothing else:",
      '```json\n{"func": "function evaluate(response) {\\n  ...\\n}", "cases": [{"input": "an example answer", "output": true}]}\n```',
    ],
  );
}

function verifyGenPythonPrompt(instruction: string, caseCount: number): ChatMessage[] {
  return verifyGenMessages(
    PROMPTS.verifyGenPython,
    [
      "You write Python that checks whether an answer follows a format instruction.",
      "Write exactly one function `def evaluate(response):` that takes the answer as a str and returns True if it follows the instruction and False otherwise (a bool, never 1, 0, None or a string).",
      "Python 3 with the standard library's text modules only (re, string, json, math, collections, itertools, unicodedata), imported at the top of the code: no files, network, subprocess, time, threads or input; the function must be deterministic and fast.",
      "Note that len() counts code points, and that the whole code runs once before evaluate is called.",
    ],
    instruction,
    caseCount,
    [
      "Reply with the code in one ```python code block, then the test cases as one JSON object in a ```json code block, and nothing else:",
      "```python\nimport re\n\ndef evaluate(response):\n    ...\n```",
      '```json\n{"cases": [{"input": "an example answer", "output": true}]}\n```',
    ],
  );
}

/** Stage 4a: asks which instruction a verification function checks, read in its own language. */
export function backTranslatePrompt(
  code: string,
  language: VerifierLanguage = "javascript",
): ChatMessage[] {
  const reads =
    language === "python"
      ? "You read a Python function `def evaluate(response)` that returns True when an answer text satisfies some format constraint."
      : "You read a JavaScript function `evaluate(response)` that returns true when an answer text satisfies some format constraint.";
  return [
    {
      role: "system",
      content: [
        promptHeader(language === "python" ? PROMPTS.backTranslatePython : PROMPTS.backTranslate),
        reads,
        "State that constraint as one instruction to the writer of the answer, in one sentence.",
      ].join("\n"),
    },
    { role: "user", content: `${block("Code", code)}\n\nReply with the instruction only.` },
  ];
}

/** Stage 4b: asks the judge whether a back-translated instruction contradicts the original. */
export function nliJudgePrompt(original: string, backTranslation: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        promptHeader(PROMPTS.nliJudge),
        "You compare two format instructions. Decide whether following the second one is consistent with the first:",
        "entail: the second says the same as the first or a part of it; neutral: they are about different things but can both be followed; contradict: no answer can follow both.",
      ].join("\n"),
    },
    {
      role: "user",
      content: `${block("Original", original)}\n\n${block("Back-translation", backTranslation)}\n\nReply with one line: \`Label: entail\`, \`Label: neutral\` or \`Label: contradict\`.`,
    },
  ];
}

/** Stage 5 (compose): asks the generator for one answer that follows both constraints, to be checked by both verifiers. */
export function composeWitnessPrompt(first: string, second: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        promptHeader(PROMPTS.composeWitness),
        "You write one short answer text that follows two format instructions at the same time.",
        "The topic does not matter; any plausible answer will do. Follow both instructions exactly, to the letter. Reply with the answer text only.",
      ].join("\n"),
    },
    {
      role: "user",
      content: `${block("Instruction 1", first)}\n\n${block("Instruction 2", second)}`,
    },
  ];
}

/** Stage 5 (compose): asks the judge whether any answer can follow both constraints (used only when no witness was found). */
export function composeJudgePrompt(first: string, second: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        promptHeader(PROMPTS.composeJudge),
        "You decide whether two format instructions can both be followed by one answer.",
        "compatible: some answer follows both; conflict: no answer can follow both (they demand opposite things, or ranges that do not overlap).",
      ].join("\n"),
    },
    {
      role: "user",
      content: `${block("Instruction 1", first)}\n\n${block("Instruction 2", second)}\n\nGive one sentence of reasoning, then one line: \`Label: compatible\` or \`Label: conflict\`.`,
    },
  ];
}

/** Stage 7: asks the generator to answer a real user query while strictly following the instruction. */
export function respondPrompt(query: string, instruction: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        promptHeader(PROMPTS.respond),
        "You answer user queries helpfully while strictly following a format instruction that comes with each query.",
        "The instruction overrides any habit of yours about length, format or style. Reply with the answer only.",
      ].join("\n"),
    },
    { role: "user", content: `${block("Query", query)}\n\n${block("Instruction", instruction)}` },
  ];
}

/** Stage 9: asks the judge for a 0-10 quality score of a response to query + instruction. */
export function scorePrompt(instruction: string, query: string, response: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        promptHeader(PROMPTS.score),
        "You grade answers. Judge how well the response answers the query while following the instruction: correctness, helpfulness, and faithful compliance with the instruction.",
        "Give a score from 0 (useless or ignores the instruction) to 10 (excellent and fully compliant). End your reply with a line `Score: N`.",
      ].join("\n"),
    },
    {
      role: "user",
      content: `${block("Instruction", instruction)}\n\n${block("Query", query)}\n\n${block("Response", response)}`,
    },
  ];
}
