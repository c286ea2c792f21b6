import { describe, expect, it } from "vitest";
import {
  normalizeTags,
  SEED_MAX_LENGTH,
  seedTextSchema,
  tagSchema,
  validateSeedText,
} from "./seedText";

describe("validateSeedText", () => {
  it("returns the trimmed text", () => {
    expect(validateSeedText("  Use no commas.\n")).toEqual({ ok: true, text: "Use no commas." });
  });

  it.each(["", "   ", "\n\t "])("refuses empty or whitespace-only text %j", (text) => {
    const result = validateSeedText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/is empty/);
  });

  it("accepts exactly the limit and refuses one more, naming the length and the limit", () => {
    expect(validateSeedText("a".repeat(SEED_MAX_LENGTH)).ok).toBe(true);
    const result = validateSeedText("a".repeat(SEED_MAX_LENGTH + 1));
    expect(result).toEqual({
      ok: false,
      message: "Seed instruction is 2001 characters long; the limit is 2000.",
    });
  });

  it("counts an astral character as one code point, not two UTF-16 units", () => {
    expect(validateSeedText("🙂".repeat(SEED_MAX_LENGTH)).ok).toBe(true);
    expect(validateSeedText("🙂".repeat(SEED_MAX_LENGTH + 1))).toMatchObject({
      ok: false,
      message: expect.stringContaining("2001"),
    });
  });

  it("ignores surrounding whitespace when measuring", () => {
    expect(validateSeedText(`  ${"a".repeat(SEED_MAX_LENGTH)}  `).ok).toBe(true);
  });
});

describe("seedTextSchema", () => {
  it("trims valid text and reports the validateSeedText message otherwise", () => {
    expect(seedTextSchema.parse("  Answer briefly. ")).toBe("Answer briefly.");
    const empty = seedTextSchema.safeParse("  ");
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toMatch(/is empty/);
    expect(seedTextSchema.safeParse("b".repeat(2001)).error?.issues[0]?.message).toMatch(
      /2001.*2000/,
    );
  });
});

describe("tagSchema", () => {
  it("trims and lowercases before checking", () => {
    expect(tagSchema.parse("  Category:Format ")).toBe("category:format");
  });

  it.each(["", "-leading", "has space", "ümlaut", "a".repeat(41)])("refuses %j", (tag) => {
    expect(tagSchema.safeParse(tag).success).toBe(false);
  });

  it.each(["a", "length", "start-end", "v1.2", "source:seed_file", "a".repeat(40)])(
    "accepts %j",
    (tag) => {
      expect(tagSchema.safeParse(tag).success).toBe(true);
    },
  );
});

describe("normalizeTags", () => {
  it("trims, lowercases, drops empties, dedupes and sorts by code unit", () => {
    expect(normalizeTags([" Length", "case", "length", "", "  ", "Z", "a"])).toEqual([
      "a",
      "case",
      "length",
      "z",
    ]);
  });
});
