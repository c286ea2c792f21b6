import { z } from "zod";

/** Longest seed instruction accepted, in Unicode code points (after trimming). */
export const SEED_MAX_LENGTH = 2000;

/**
 * Checks a seed instruction's text: trimmed, not empty, at most SEED_MAX_LENGTH Unicode code
 * points. Code points, not UTF-16 units, so an emoji or a CJK extension character counts as one,
 * as a reader counts it. Returns the trimmed text, or a message for the user.
 */
export function validateSeedText(
  text: string,
): { ok: true; text: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Seed instruction is empty." };
  const length = codePointLength(trimmed);
  if (length > SEED_MAX_LENGTH) {
    return {
      ok: false,
      message: `Seed instruction is ${length} characters long; the limit is ${SEED_MAX_LENGTH}.`,
    };
  }
  return { ok: true, text: trimmed };
}

// Counts without materialising an array, so a hostile multi-megabyte paste costs no extra memory.
function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 1; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const previous = text.charCodeAt(i - 1);
    // A low surrogate right after a high one is the second half of one code point.
    if (unit >= 0xdc00 && unit <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) length--;
  }
  return length;
}

/** A seed instruction's text as a form or tRPC input field: trimmed, same rules as validateSeedText. */
export const seedTextSchema = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const result = validateSeedText(text);
    if (!result.ok) ctx.addIssue({ code: "custom", message: result.message });
  })
  .describe("The seed instruction, 1 to 2000 characters.");

/** Longest tag accepted, in characters. */
export const TAG_MAX_LENGTH = 40;
const TAG_PATTERN = /^[a-z0-9][a-z0-9_:.-]*$/;

/** One tag, trimmed and lowercased: a slug of letters, digits and `_ : . -`, 1 to 40 characters. */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Tag is empty.")
  .max(TAG_MAX_LENGTH, `Tags are at most ${TAG_MAX_LENGTH} characters.`)
  .regex(TAG_PATTERN, "Tags start with a letter or digit and use only a-z, 0-9, _ : . -")
  .describe("A short lowercase label such as length or category:format.");

/**
 * Tags in canonical order: trimmed, lowercased, empty ones dropped, duplicates removed, sorted by
 * code unit (not localeCompare, whose order depends on the runtime's locale data). Does not
 * validate them; check each with tagSchema.
 */
export function normalizeTags(tags: string[]): string[] {
  const unique = new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ""));
  return [...unique].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
