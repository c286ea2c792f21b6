import type { VerifierLanguage } from "@/lib/verifier/language";

/** How the studio names each verifier language. */
export const LANGUAGE_NAMES: Record<VerifierLanguage, string> = {
  javascript: "JavaScript",
  python: "Python",
};
