import { parseFailure, type ParseResult } from "./parseResult";

const ITEM = /^\s*(?:\d{1,4}[.)]|[-*•])\s+(.+?)\s*$/;

/**
 * Reads a numbered or bulleted list of instructions from an LLM answer; preamble and closing
 * prose are ignored, markdown emphasis and wrapping quotes are stripped. Fails when no list item
 * is found.
 */
export function parseInstructionList(raw: string): ParseResult<string[]> {
  const items: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    const match = ITEM.exec(line);
    if (!match?.[1]) continue;
    const text = match[1]
      .replace(/^\*\*(.+)\*\*$/, "$1")
      .replace(/^"(.+)"$/, "$1")
      .trim();
    if (text.length >= 8) items.push(text);
  }
  if (items.length === 0) return parseFailure("no numbered or bulleted instruction found", raw);
  return { ok: true, value: items };
}
