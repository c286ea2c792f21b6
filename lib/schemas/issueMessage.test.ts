import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueMessage } from "./issueMessage";

const first = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return issueMessage(result.error.issues[0]!);
};

describe("issueMessage", () => {
  it("states numeric bounds in words", () => {
    expect(first(z.number().max(1), 1.5)).toBe("Must be at most 1.");
    expect(first(z.number().min(0), -1)).toBe("Must be at least 0.");
    expect(first(z.number().gt(0), 0)).toBe("Must be more than 0.");
  });

  it("asks for a number where text was typed", () => {
    expect(first(z.number(), "abc")).toBe("Enter a number.");
    expect(first(z.number().int(), 1.5)).toBe("Enter a whole number.");
  });

  it("names unknown keys", () => {
    expect(first(z.strictObject({ a: z.number() }), { a: 1, apiKey: "x" })).toBe(
      "Unknown setting(s): apiKey.",
    );
  });
});
