import { z } from "zod";

/** A project name as users type it: trimmed, 1-100 characters, no control characters. */
export const projectNameSchema = z
  .string()
  .trim()
  .min(1, "A project needs a name.")
  .max(100, "A project name has at most 100 characters.")
  .refine(
    (s) => !/[\u0000-\u001f\u007f]/.test(s),
    "A project name cannot contain control characters.",
  );

export const projectDescriptionSchema = z
  .string()
  .trim()
  .max(2000, "A description has at most 2,000 characters.");

export const idSchema = z.number().int().positive();
