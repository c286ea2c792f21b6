import { z } from "zod";

/** Longest annotation guidelines a project keeps, in characters (about ten pages of text). */
export const GUIDELINES_MAX_CHARS = 20_000;

/** A project's annotation guidelines as a reviewer writes them: plain text or Markdown, line ends made \n. */
export const guidelinesTextSchema = z
  .string()
  .max(
    GUIDELINES_MAX_CHARS,
    `Guidelines have at most ${GUIDELINES_MAX_CHARS.toLocaleString("en-US")} characters.`,
  )
  .transform((s) => s.replace(/\r\n?/g, "\n"))
  .refine(
    (s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s),
    "Guidelines cannot contain control characters other than tabs and new lines.",
  );
