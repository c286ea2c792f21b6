import { z } from "zod";
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

/**
 * Reads `{"func": ..., "cases": [...]}` from an LLM answer: JSON in a code fence or bare, with
 * prose around it. Malformed cases are skipped (the rest are kept); a missing func or no JSON at
 * all is a failure with the raw text.
 */
export function parseVerifierOutput(raw: string): ParseResult<VerifierOutput> {
  let lastError = "no JSON object found";
  for (const text of candidates(raw)) {
    let json: unknown;
    try {
      json = JSON.parse(text.trim());
    } catch (e) {
      lastError = `invalid JSON: ${(e as Error).message}`;
      continue;
    }
    const parsed = outputSchema.safeParse(json);
    if (!parsed.success) {
      lastError = `unexpected JSON shape: ${parsed.error.issues.map((i) => `${i.path.join(".") || "root"} ${i.message}`).join("; ")}`;
      continue;
    }
    const cases = parsed.data.cases.flatMap((c) => {
      const one = caseSchema.safeParse(c);
      return one.success ? [one.data] : [];
    });
    // Some models escape newlines twice inside the code string.
    const func = parsed.data.func.includes("\n") ? parsed.data.func : parsed.data.func.replace(/\\n/g, "\n");
    return { ok: true, value: { func: func.trim(), cases } };
  }
  return parseFailure(lastError, raw);
}
