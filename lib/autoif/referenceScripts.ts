/**
 * How the AutoIF reference scripts (QwenLM/AutoIF at d67b9ba) read the text inside their files,
 * rule for rule, so an imported file means what it meant to them. Script lines are cited as
 * `code/3 l.87` (code/3_cross_validation.py, line 87).
 */

/** Python's `str.isspace()` characters: what `str.strip()` removes (JS `trim` differs at U+001C-U+001F, U+0085 and U+FEFF). */
const PY_SPACE =
  "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

/** Python's `text.strip()`. */
export function pyStrip(text: string): string {
  let start = 0,
    end = text.length;
  while (start < end && PY_SPACE.includes(text[start]!)) start++;
  while (end > start && PY_SPACE.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** A case as a generation wrote it: `output` is kept as written (a boolean, "True", ...). */
export interface ScriptCase {
  input: string;
  output: unknown;
}

export type ScriptGeneration =
  | {
      ok: true;
      /** The function after the scripts' cleaning: stripped, lines naming `download` or `requests` removed. */
      func: string;
      cases: ScriptCase[];
      /** Cases the script skips, 0-based within the generation, and why. */
      skippedCases: Array<{ index: number; reason: string }>;
    }
  | { ok: false; reason: string };

/**
 * One raw verify-gen generation read as code/3 l.86-110 reads it: the first ```json fenced block
 * (`re.findall(r'```json(.*?)```', each, re.DOTALL)[0].strip()`), `json.loads`, its `func`
 * stripped with every line naming `download` or `requests` removed (l.98-99), and its cases as
 * `(each['input'], each['output'])` (l.106-110). A generation the script skips (no block, invalid
 * JSON) or stops on (no `func`, `cases` not a list) is `ok: false` with the reason and the line.
 * The script's `exec(func)` (l.100-103) is the sandbox's compile, run later: a function that does
 * not load as a module is dropped there with its cases.
 */
export function readScriptGeneration(raw: string): ScriptGeneration {
  const fence = /```json([\s\S]*?)```/.exec(raw);
  if (!fence) return { ok: false, reason: "no ```json block; code/3 l.86-89 skips the generation" };
  let block: unknown;
  try {
    block = JSON.parse(pyStrip(fence[1]!));
  } catch (e) {
    return {
      ok: false,
      reason: `invalid JSON in the \`\`\`json block (${oneLine(e)}); code/3 l.91-94 skips the generation`,
    };
  }
  if (typeof block !== "object" || block === null || Array.isArray(block) || !("func" in block)) {
    return {
      ok: false,
      reason: 'the JSON block has no "func"; code/3 l.97 would stop with a KeyError',
    };
  }
  const { func, cases } = block as { func: unknown; cases?: unknown };
  if (typeof func !== "string")
    return {
      ok: false,
      reason: `"func" is ${jsonType(func)}, not text; code/3 l.98 would stop (func.strip())`,
    };
  if (!Array.isArray(cases)) {
    return {
      ok: false,
      reason:
        cases === undefined
          ? 'the JSON block has no "cases"; code/3 l.106 would stop with a KeyError'
          : `"cases" is ${jsonType(cases)}, not a list; code/3 l.106-108 would stop`,
    };
  }
  const cleaned = pyStrip(func)
    .split("\n")
    .filter((line) => !line.includes("download") && !line.includes("requests"))
    .join("\n");
  const kept: ScriptCase[] = [];
  const skippedCases: Array<{ index: number; reason: string }> = [];
  for (const [index, each] of cases.entries()) {
    if (typeof each !== "object" || each === null || Array.isArray(each)) {
      return {
        ok: false,
        reason: `case ${index + 1} is ${jsonType(each)}, not an object; code/3 l.108 would stop (each['input'])`,
      };
    }
    if (!("input" in each) || !("output" in each)) {
      skippedCases.push({
        index,
        reason: `no "${"input" in each ? "output" : "input"}"; code/3 l.109-110 prints the case and skips it`,
      });
      continue;
    }
    const { input, output } = each as { input: unknown; output: unknown };
    if (typeof input !== "string") {
      skippedCases.push({
        index,
        reason: `"input" is ${jsonType(input)}; the studio's verifiers take a response text`,
      });
      continue;
    }
    kept.push({ input, output });
  }
  return { ok: true, func: cleaned, cases: kept, skippedCases };
}

/** The query of a query prompt: `re.findall(r'\[Query\](.*)$', prompt, re.DOTALL)[0].strip()` (code/7 l.72); null without the marker. */
export function queryOfPrompt(prompt: string): string | null {
  const at = prompt.indexOf("[Query]");
  return at < 0 ? null : pyStrip(prompt.slice(at + "[Query]".length));
}

/** A JSON value's type in words, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "text";
  return `a ${typeof value}`;
}

/** An error message on one line (V8 quotes the JSON around the fault, line breaks and all). */
export const oneLine = (e: unknown) => (e as Error).message.replace(/\s+/g, " ");
