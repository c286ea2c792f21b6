/**
 * The languages a verifier can be written in. JavaScript runs in QuickJS, Python in Pyodide; both
 * behind the same contract (compile once, evaluate a batch, the same outcomes and limits).
 */
export const VERIFIER_LANGUAGES = ["javascript", "python"] as const;
export type VerifierLanguage = (typeof VERIFIER_LANGUAGES)[number];

/** A verifier's code with the language it runs in. A bare source string means JavaScript. */
export interface VerifierCode {
  readonly language: VerifierLanguage;
  readonly source: string;
}

export function isVerifierLanguage(value: unknown): value is VerifierLanguage {
  return typeof value === "string" && (VERIFIER_LANGUAGES as readonly string[]).includes(value);
}

/** What the engines' hosts accept for a verifier: a bare string is JavaScript. */
export type VerifierInput = string | VerifierCode;

/** The {@link VerifierCode} of a host argument; a bare string is JavaScript source. */
export function verifierCodeOf(input: VerifierInput): VerifierCode {
  return typeof input === "string" ? { language: "javascript", source: input } : input;
}
