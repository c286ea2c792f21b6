import type { z } from "zod";

/**
 * A zod issue as a sentence a researcher reads at the field: bounds in plain words instead of
 * zod's "Too big: expected number to be <=1".
 */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_big" && (issue.origin === "number" || issue.origin === "int")) {
    return `Must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}.`;
  }
  if (issue.code === "too_small" && (issue.origin === "number" || issue.origin === "int")) {
    return `Must be ${issue.inclusive ? "at least" : "more than"} ${String(issue.minimum)}.`;
  }
  if (issue.code === "invalid_type" && (issue.expected === "number" || issue.expected === "int")) {
    return issue.expected === "int" ? "Enter a whole number." : "Enter a number.";
  }
  if (issue.code === "invalid_value" && "values" in issue) {
    return `Choose one of: ${issue.values.map(String).join(", ")}.`;
  }
  if (issue.code === "unrecognized_keys") return `Unknown setting(s): ${issue.keys.join(", ")}.`;
  return issue.message;
}
