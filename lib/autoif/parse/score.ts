import { parseFailure, type ParseResult } from "./parseResult";

export type ScoreParser = "tolerant" | "reference";

/**
 * Reads a judge score the way `parser` says: "tolerant" (paper) reads the usual spellings
 * (`parseTolerantScore`); "reference" (code) reads exactly what 8_query_score_filiter.py l.30
 * reads (`parseReferenceScore`).
 */
export function parseScore(raw: string, parser: ScoreParser = "tolerant"): ParseResult<number> {
  return parser === "reference" ? parseReferenceScore(raw) : parseTolerantScore(raw);
}

/**
 * Reads a 0-10 judge score: `Score: 9`, `**Score**: 9/10`, `score - 9.5`; the last such mention
 * wins (judges often reason first). Values outside 0..10 are refused.
 */
function parseTolerantScore(raw: string): ParseResult<number> {
  const matches = [
    ...raw.matchAll(/score\W{0,6}?\s*[:=\-–]?\s*\**\s*(\d+(?:\.\d+)?)\s*(?:\/\s*10)?/gi),
  ];
  const last = matches[matches.length - 1]?.[1];
  if (last === undefined) return parseFailure("no score found (expected `Score: N`)", raw);
  const value = Number(last);
  if (!(value >= 0 && value <= 10)) return parseFailure(`score ${value} is outside 0-10`, raw);
  return { ok: true, value };
}

/**
 * `re.findall(r'Score: (\d+?)$', each)` then `int(score[0])` (code/8_query_score_filiter.py
 * l.30-32), as Python reads it: `$` without MULTILINE matches at the very end or before one final
 * newline (not before "\r\n" or two newlines); `\d` is any Unicode decimal digit and `int()`
 * reads each by its value; nothing else around the number is allowed and no range is imposed.
 */
function parseReferenceScore(raw: string): ParseResult<number> {
  const digits = /Score: (\p{Nd}+)\n?$/u.exec(raw)?.[1];
  if (digits === undefined)
    return parseFailure("no `Score: N` at the end (the reference regex `Score: (\\d+?)$`)", raw);
  return { ok: true, value: [...digits].reduce((n, d) => n * 10 + decimalDigitValue(d), 0) };
}

/** A Unicode decimal digit's value: Unicode puts each script's digits 0-9 in one run of code points. */
function decimalDigitValue(digit: string): number {
  let cp = digit.codePointAt(0)!;
  let k = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    k++;
  }
  return k % 10;
}
