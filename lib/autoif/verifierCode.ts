import type { VerifierCode } from "../verifier/language";

/** A verifier row's code as the sandboxes take it: its source with the language it runs in. */
export function codeOf(row: VerifierCode): VerifierCode {
  return { language: row.language, source: row.source };
}

/** Two verifiers are the same function when language and code (trimmed) are the same. */
export function sameCodeKey(row: VerifierCode): string {
  return `${row.language}\n${row.source.trim()}`;
}

/** The very same code: language and text, untrimmed (what ran is what the editor shows). */
export function sameCode(a: VerifierCode | undefined, b: VerifierCode | undefined): boolean {
  return a !== undefined && b !== undefined && a.language === b.language && a.source === b.source;
}
