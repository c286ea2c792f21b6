import { z } from "zod";
import type { VerifierLanguage } from "../../verifier/language";
import { parseFailure, type ParseResult } from "./parseResult";

/** A test case as the LLM wrote it; `output` may be a string such as "True" (presets decide). */
export interface RawTestCase {
  input: string;
  output: boolean | string;
}

export interface VerifierOutput {
  func: string;
  cases: RawTestCase[];
}

const caseSchema = z.object({
  input: z.string(),
  output: z.union([z.boolean(), z.string()]),
});

const outputSchema = z.object({
  func: z.string().min(1, "func is empty"),
  cases: z.array(z.unknown()),
});

const casesOnlySchema = z.union([
  z.object({ cases: z.array(z.unknown()) }).transform((o) => o.cases),
  z.array(z.unknown()),
]);

/** Candidate JSON texts: fenced blocks first (```json before plain ```), then the outermost braces. */
function candidates(raw: string): string[] {
  const out: string[] = [];
  for (const m of raw.matchAll(/```json\s*\n?([\s\S]*?)```/gi)) if (m[1]) out.push(m[1]);
  for (const m of raw.matchAll(/```[a-z]*\s*\n?([\s\S]*?)```/gi)) if (m[1]) out.push(m[1]);
  const first = raw.indexOf("{");
  const last = raw.lastIndexOf("}");
  if (first !== -1 && last > first) out.push(raw.slice(first, last + 1));
  return out;
}

function parseJson(text: string): { ok: true; json: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, json: JSON.parse(text.trim()) };
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
}

function wellFormedCases(cases: readonly unknown[]): RawTestCase[] {
  return cases.flatMap((c) => {
    const one = caseSchema.safeParse(c);
    return one.success ? [one.data] : [];
  });
}

/** `{"func": ..., "cases": [...]}` in a fence or bare (the JavaScript reply and the reference scripts' Python one). */
function funcAndCases(raw: string): ParseResult<VerifierOutput> {
  let lastError = "no JSON object found";
  for (const text of candidates(raw)) {
    const read = parseJson(text);
    if (!read.ok) {
      lastError = read.error;
      continue;
    }
    const parsed = outputSchema.safeParse(read.json);
    if (!parsed.success) {
      lastError = `unexpected JSON shape: ${parsed.error.issues.map((i) => `${i.path.join(".") || "root"} ${i.message}`).join("; ")}`;
      continue;
    }
    // Some models escape newlines twice inside the code string.
    const func = parsed.data.func.includes("\n")
      ? parsed.data.func
      : parsed.data.func.replace(/\\n/g, "\n");
    return { ok: true, value: { func: func.trim(), cases: wellFormedCases(parsed.data.cases) } };
  }
  return parseFailure(lastError, raw);
}

const definesEvaluate = /^def[ \t]+evaluate[ \t]*\(/m;

/**
 * The Python reply: the first ```python (or ```py) block that defines `evaluate`, and the cases
 * from a ```json block (`{"cases": [...]}` or a bare array). Without such a code block, the
 * reference scripts' shape (`{"func": "<python>", "cases": [...]}`) is read instead.
 */
function pythonReply(raw: string): ParseResult<VerifierOutput> {
  const blocks = [...raw.matchAll(/```(?:python3?|py)[ \t]*\r?\n([\s\S]*?)```/gi)].map(
    (m) => m[1] ?? "",
  );
  const code = blocks.find((b) => definesEvaluate.test(b));
  if (code === undefined) {
    const json = funcAndCases(raw);
    if (!json.ok) {
      const why =
        blocks.length > 0
          ? "the ```python block defines no `def evaluate(response):`"
          : `no \`\`\`python block and ${json.error}`;
      return parseFailure(why, raw);
    }
    if (!definesEvaluate.test(json.value.func))
      return parseFailure("func defines no `def evaluate(response):`", raw);
    return json;
  }
  let cases: RawTestCase[] | undefined;
  let caseError = 'no test cases found (a ```json block with {"cases": [...]})';
  for (const text of candidates(raw.replace(/```(?:python3?|py)[ \t]*\r?\n[\s\S]*?```/gi, ""))) {
    const read = parseJson(text);
    if (!read.ok) {
      caseError = `test cases: ${read.error}`;
      continue;
    }
    const parsed = casesOnlySchema.safeParse(read.json);
    if (parsed.success) {
      cases = wellFormedCases(parsed.data);
      break;
    }
    caseError = 'test cases: expected {"cases": [...]} or an array';
  }
  if (cases === undefined) return parseFailure(caseError, raw);
  return { ok: true, value: { func: code.replace(/\r\n/g, "\n").replace(/\s+$/, ""), cases } };
}

/**
 * Reads a verify-gen answer: for JavaScript `{"func": ..., "cases": [...]}` in a code fence or
 * bare, with prose around it; for Python a ```python block and a ```json block of cases (or the
 * JavaScript shape holding Python). Malformed cases are skipped (the rest are kept); no function,
 * or no JSON at all, is a failure with the raw text.
 */
export function parseVerifierOutput(
  raw: string,
  language: VerifierLanguage = "javascript",
): ParseResult<VerifierOutput> {
  return language === "python" ? pythonReply(raw) : funcAndCases(raw);
}
