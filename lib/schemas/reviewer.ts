import { z } from "zod";

/** A reviewer's name as typed in the studio: trimmed, 1-60 characters, no control characters. */
export const reviewerSchema = z
  .string()
  .trim()
  .min(1, "Choose a reviewer name first.")
  .max(60, "A reviewer name has at most 60 characters.")
  .refine(
    (s) => !/[\u0000-\u001f\u007f]/.test(s),
    "A reviewer name cannot contain control characters.",
  );

/** An optional reason for a verdict. */
export const reviewReasonSchema = z
  .string()
  .max(2000, "A reason has at most 2,000 characters.")
  .optional();
