import type { AutoifFileKind, AutoifLine } from "../formats/autoifFiles";
import type { FileProblem } from "../formats/readAutoifFile";
import { instructionHash } from "./normalizeInstruction";
import { parseScore } from "./parse/score";
import { jsonType, queryOfPrompt, readScriptGeneration } from "./referenceScripts";

/** A test case to store: `expectedRaw` is the written expectation when it was not a boolean ("True"), as JSON. */
export interface PlannedCase {
  input: string;
  expected: boolean;
  expectedRaw: string | null;
}

/** One raw generation of a raw-generations line: its function and cases, or why the scripts skip it. */
export interface PlannedGeneration {
  index: number;
  raw: string;
  func: string | null;
  cases: PlannedCase[];
  /** Why the scripts skip (or stop on) this generation; null when it gave a function. */
  skipped: string | null;
  skippedCases: Array<{ index: number; reason: string }>;
}

export interface PlannedVerifier {
  source: string;
  /** The accuracy the file records (code/3 l.172), 0..1. */
  accuracy: number;
  backTranslation: { text: string; label: "entail" | "neutral" | "contradict" | null } | null;
}

export interface PlannedResponse {
  text: string;
  passRate: number | null;
  scoreSamples: Array<number | null> | null;
}

export interface PlannedSample {
  line: number;
  query: string;
  responses: PlannedResponse[];
}

/** An instruction and everything the file says about it, ready to be written. */
export interface PlannedInstruction {
  /** The first line that names it. */
  line: number;
  text: string;
  hash: string;
  /** The last pipeline stage the file's data completes. */
  stage: "verify-gen" | "cross-validate" | "back-translate" | "respond" | "execute" | "score";
  /** The generator prompt the file records (raw generations). */
  prompt: string | null;
  generations: PlannedGeneration[];
  verifiers: PlannedVerifier[];
  cases: PlannedCase[];
  /** Set when the file already decided: code/5 l.64 drops an instruction whose back-translation contradicts it. */
  dropReason: string | null;
  samples: PlannedSample[];
}

export type ImportPlan =
  { ok: true; instructions: PlannedInstruction[] } | { ok: false; problems: FileProblem[] };

const nliLabels = {
  entailment: "entail",
  neutral: "neutral",
  contradiction: "contradict",
} as const;

/** A written expectation as stored: a boolean as is, text kept raw for the preset; anything else is not a case the studio can hold. */
export function plannedCase(input: string, output: unknown): PlannedCase | string {
  if (typeof output === "boolean") return { input, expected: output, expectedRaw: null };
  if (typeof output === "string")
    return { input, expected: /^\s*true\s*$/i.test(output), expectedRaw: JSON.stringify(output) };
  return `"output" is ${jsonType(output)}; the studio reads an expectation as true/false or text`;
}

/**
 * The instruction text and query of a DPO prompt: the scripts wrote `instruction + " " + query
 * + "."` there without keeping the two apart, so the instruction is the text the group's prompts
 * share up to a sentence end (one prompt: its first sentence), and the query the rest, without
 * the appended ".".
 */
export function splitDpoPrompts(
  prompts: readonly string[],
): { instruction: string; queries: string[] } | null {
  let common = prompts[0] ?? "";
  for (const p of prompts.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    common = common.slice(0, i);
  }
  const ends = [...common.matchAll(/[.!?](?=\s)/g)].map((m) => m.index + 1);
  const cut = prompts.length > 1 ? ends.at(-1) : ends[0];
  if (cut === undefined) return null;
  const instruction = common.slice(0, cut).trim();
  const queries = prompts.map((p) => p.slice(cut).trim().replace(/\.$/, "").trim());
  if (!instruction || queries.some((q) => q === "")) return null;
  return { instruction, queries };
}

const emptyInstruction = (
  line: number,
  text: string,
  stage: PlannedInstruction["stage"],
): PlannedInstruction => ({
  line,
  text,
  hash: instructionHash(text),
  stage,
  prompt: null,
  generations: [],
  verifiers: [],
  cases: [],
  dropReason: null,
  samples: [],
});

function verifiersOf(
  evalFunc: Array<[string, number]>,
  back?: string[],
  nli?: Array<keyof typeof nliLabels>,
): PlannedVerifier[] {
  // code/4 l.38 back-translates the first 3 functions, one text each; code/5 l.39 judges the first 3 texts.
  return evalFunc.map(([source, accuracy], i) => ({
    source,
    accuracy,
    backTranslation:
      back && i < 3 && back[i] !== undefined
        ? { text: back[i]!, label: nli?.[i] ? nliLabels[nli[i]!] : null }
        : null,
  }));
}

function casesOf(
  line: number,
  cases: Array<[string, boolean | string]>,
  problems: FileProblem[],
): PlannedCase[] {
  return cases.flatMap(([input, output], i) => {
    const c = plannedCase(input, output);
    if (typeof c === "string") {
      problems.push({ line, field: `cases[${i}][1]`, message: c });
      return [];
    }
    return [c];
  });
}

/**
 * What an import of a file's lines writes, by kind, or the problems that stop it. Lines naming
 * one instruction are one instruction (query files hold 16 queries of each); the same query twice
 * for one instruction, or one instruction with two sets of functions, is a problem of its line.
 */
export function planReferenceImport<K extends AutoifFileKind>(
  kind: K,
  lines: Array<{ line: number; value: AutoifLine<K> }>,
): ImportPlan {
  const problems: FileProblem[] = [];
  const byHash = new Map<string, PlannedInstruction>();
  const functionsOf = new Map<string, string>();
  const instructionFor = (
    line: number,
    text: string,
    stage: PlannedInstruction["stage"],
    once: boolean,
  ) => {
    const hash = instructionHash(text);
    const seen = byHash.get(hash);
    if (seen && once) {
      problems.push({
        line,
        field: "instruction",
        message: `the same instruction as line ${seen.line}; each line of a ${kind} file is its own instruction`,
      });
      return null;
    }
    if (seen) return seen;
    const planned = emptyInstruction(line, text, stage);
    byHash.set(hash, planned);
    return planned;
  };
  const sameFunctions = (
    planned: PlannedInstruction,
    line: number,
    evalFunc: Array<[string, number]>,
  ) => {
    const key = JSON.stringify(evalFunc.map(([f]) => f));
    const first = functionsOf.get(planned.hash);
    if (first === undefined) {
      functionsOf.set(planned.hash, key);
      return true;
    }
    if (first !== key)
      problems.push({
        line,
        field: "eval_func",
        message: `other functions than line ${planned.line} gives the same instruction`,
      });
    return false;
  };
  const addSample = (
    planned: PlannedInstruction,
    line: number,
    query: string,
    responses: PlannedResponse[],
  ) => {
    const same = planned.samples.find((s) => instructionHash(s.query) === instructionHash(query));
    if (same) {
      problems.push({
        line,
        field: "prompt",
        message: `the same query as line ${same.line} for the same instruction`,
      });
      return;
    }
    planned.samples.push({ line, query, responses });
  };

  for (const { line, value } of lines as Array<{
    line: number;
    value: AutoifLine<AutoifFileKind>;
  }>) {
    if (kind === "raw-generations") {
      const v = value as AutoifLine<"raw-generations">;
      const planned = instructionFor(line, v.instruction, "verify-gen", true);
      if (!planned) continue;
      planned.prompt = v.prompt ?? null;
      planned.generations = v["gpt-answer"].map((raw, index) => {
        const read = readScriptGeneration(raw);
        if (!read.ok)
          return { index, raw, func: null, cases: [], skipped: read.reason, skippedCases: [] };
        const skippedCases = [...read.skippedCases];
        const cases = read.cases.flatMap((c, ci) => {
          const planned = plannedCase(c.input, c.output);
          if (typeof planned === "string") {
            skippedCases.push({ index: ci, reason: planned });
            return [];
          }
          return [planned];
        });
        return { index, raw, func: read.func, cases, skipped: null, skippedCases };
      });
    } else if (kind === "cross-validated") {
      const v = value as AutoifLine<"cross-validated">;
      const judged = v.nli_scores !== undefined && v.back_instruction !== undefined;
      const planned = instructionFor(
        line,
        v.instruction,
        judged ? "back-translate" : "cross-validate",
        true,
      );
      if (!planned) continue;
      planned.verifiers = verifiersOf(v.eval_func, v.back_instruction, v.nli_scores);
      planned.cases = casesOf(line, v.cases, problems);
      if (judged && v.nli_scores!.slice(0, 3).includes("contradiction"))
        planned.dropReason =
          "back-translation: a back-translated instruction contradicts it (code/5 l.64)";
    } else if (kind === "query-responses" || kind === "dpo-functions") {
      // dpo-functions lines are grouped (and split) below, once every line is read.
      if (kind === "dpo-functions") continue;
      const v = value as AutoifLine<"query-responses">;
      const planned = instructionFor(line, v.instruction, "respond", false)!;
      if (sameFunctions(planned, line, v.eval_func)) {
        planned.verifiers = verifiersOf(v.eval_func);
        planned.cases = casesOf(line, v.cases ?? [], problems);
      }
      addSample(
        planned,
        line,
        queryOfPrompt(v.prompt)!,
        v["gpt-answer"].map((text) => ({ text, passRate: null, scoreSamples: null })),
      );
    } else if (kind === "scored") {
      const v = value as AutoifLine<"scored">;
      const planned = instructionFor(line, v.instruction, "score", false)!;
      // code/8 l.30-32 reads each judge output with its regex; one row is one response.
      const scores = v.gen.map((g) => {
        const p = parseScore(g, "reference");
        return p.ok ? p.value : null;
      });
      const sample = planned.samples.find(
        (s) => instructionHash(s.query) === instructionHash(v.query),
      );
      const response = { text: v.response, passRate: null, scoreSamples: scores };
      if (sample) sample.responses.push(response);
      else planned.samples.push({ line, query: v.query, responses: [response] });
    }
  }

  if (kind === "dpo-functions" || kind === "dpo-rated") {
    // A DPO row names no instruction: rows with the same functions share one (dpo-rated rows have
    // none, so each row is read alone).
    const rows = (
      lines as Array<{ line: number; value: AutoifLine<"dpo-functions"> & AutoifLine<"dpo-rated"> }>
    ).map(({ line, value }) =>
      kind === "dpo-functions"
        ? {
            line,
            prompt: value.prompt,
            evalFunc: value.eval_func,
            responses: value["gpt-answer"].map((text) => ({
              text,
              passRate: null,
              scoreSamples: null,
            })),
          }
        : {
            line,
            prompt: value.query,
            evalFunc: null,
            responses: value.response.map(([text, rate]) => ({
              text,
              passRate: rate,
              scoreSamples: null,
            })),
          },
    );
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = r.evalFunc ? JSON.stringify(r.evalFunc.map(([f]) => f)) : `line ${r.line}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const group of groups.values()) {
      const split = splitDpoPrompts(group.map((g) => g.prompt));
      const field = kind === "dpo-functions" ? "prompt" : "query";
      if (!split) {
        problems.push({
          line: group[0]!.line,
          field,
          message:
            "cannot tell the instruction from the query: no sentence end in the text its rows share",
        });
        continue;
      }
      const planned = instructionFor(
        group[0]!.line,
        split.instruction,
        kind === "dpo-functions" ? "respond" : "execute",
        false,
      )!;
      group.forEach((g, i) => {
        if (g.evalFunc && sameFunctions(planned, g.line, g.evalFunc))
          planned.verifiers = verifiersOf(g.evalFunc);
        addSample(planned, g.line, split.queries[i]!, g.responses);
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, instructions: [...byHash.values()] };
}
