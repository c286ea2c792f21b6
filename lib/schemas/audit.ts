import { z } from "zod";
import { VERIFIER_LANGUAGES } from "@/lib/verifier/language";

/** Who made a review or an edit: the name a reviewer typed, kept in their browser. */
export const auditorSchema = z.string().trim().min(1, "Enter your reviewer name first").max(100);

/** An optional reason for a verdict. */
export const verdictReasonSchema = z.string().max(2_000).optional().nullable();

/** Verifier source as edited in the studio; the server compiles it before saving. */
export const verifierSourceSchema = z.string().min(1, "The code is empty").max(100_000);

/** A verifier's language as the API takes it; anything else is refused with the list of known ones. */
export const verifierLanguageSchema = z.enum(VERIFIER_LANGUAGES, {
  error: () => `The language must be one of ${VERIFIER_LANGUAGES.join(", ")}`,
});

/** A test case a reviewer writes: a response text and whether it should pass. */
export const testCaseInputSchema = z.object({
  input: z.string().max(100_000),
  expected: z.boolean(),
});
