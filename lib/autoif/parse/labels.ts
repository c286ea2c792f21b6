import { parseFailure, type ParseResult } from "./parseResult";

export type NliLabel = "entail" | "neutral" | "contradict";

/** Reads `Label: entail|neutral|contradict` (any case, markdown allowed; "entailment" and "contradiction" too). */
export function parseNliLabel(raw: string): ParseResult<NliLabel> {
  const m = /label\W{0,4}\s*(entail(?:ment|s)?|neutral|contradict(?:ion|s|ory)?)/i.exec(raw);
  const word = (
    m?.[1] ?? /^\W*(entail(?:ment)?|neutral|contradict(?:ion)?)\W*$/i.exec(raw.trim())?.[1]
  )?.toLowerCase();
  if (!word) return parseFailure("no label (entail, neutral or contradict) found", raw);
  if (word.startsWith("entail")) return { ok: true, value: "entail" };
  if (word.startsWith("contradict")) return { ok: true, value: "contradict" };
  return { ok: true, value: "neutral" };
}

/** Reads the back-translated instruction: the first non-empty line, without quotes or a label. */
export function parseBackTranslation(raw: string): ParseResult<string> {
  const line = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !/^```/.test(l));
  const text = line
    ?.replace(/^(instruction|answer)\s*:\s*/i, "")
    .replace(/^["'“](.*)["'”]$/, "$1")
    .trim();
  if (!text || text.length < 5) return parseFailure("no instruction text found", raw);
  return { ok: true, value: text };
}
