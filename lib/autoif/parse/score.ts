import { parseFailure, type ParseResult } from "./parseResult";

/**
 * Reads a 0-10 judge score: `Score: 9`, `**Score**: 9/10`, `score - 9.5`; the last such mention
 * wins (judges often reason first). Values outside 0..10 are refused.
 */
export function parseScore(raw: string): ParseResult<number> {
  const matches = [...raw.matchAll(/score\W{0,6}?\s*[:=\-–]?\s*\**\s*(\d+(?:\.\d+)?)\s*(?:\/\s*10)?/gi)];
  const last = matches[matches.length - 1]?.[1];
  if (last === undefined) return parseFailure("no score found (expected `Score: N`)", raw);
  const value = Number(last);
  if (!(value >= 0 && value <= 10)) return parseFailure(`score ${value} is outside 0-10`, raw);
  return { ok: true, value };
}
