import { describe, expect, it } from "vitest";
import { normalizeInstruction } from "../autoif/normalizeInstruction";
import { parseSeedFile, serializeSeeds } from "../seeds/parseSeedFile";
import { normalizeTags, tagSchema, validateSeedText } from "../seeds/seedText";
import { EXAMPLE_PROJECT, exampleSeeds } from "./exampleSeeds";

const categories = [
  "case",
  "format",
  "keywords",
  "length",
  "punctuation",
  "start-end",
  "structure",
];

describe("exampleSeeds", () => {
  it("holds between 30 and 40 seeds", () => {
    expect(exampleSeeds.length).toBeGreaterThanOrEqual(30);
    expect(exampleSeeds.length).toBeLessThanOrEqual(40);
  });

  it("are valid, already trimmed seed texts", () => {
    for (const seed of exampleSeeds)
      expect(validateSeedText(seed.text)).toEqual({ ok: true, text: seed.text });
  });

  it("are unique after normalization", () => {
    const keys = exampleSeeds.map((seed) => normalizeInstruction(seed.text));
    expect(new Set(keys).size).toBe(exampleSeeds.length);
  });

  it("are tagged example plus exactly one known category, in normalized order", () => {
    for (const seed of exampleSeeds) {
      expect(seed.tags).toEqual(normalizeTags(seed.tags));
      for (const tag of seed.tags) expect(tagSchema.parse(tag)).toBe(tag);
      expect(seed.tags).toContain("example");
      const others = seed.tags.filter((tag) => tag !== "example");
      expect(others).toHaveLength(1);
      expect(categories).toContain(others[0]);
    }
  });

  it("cover every category with at least four seeds", () => {
    for (const category of categories) {
      expect(
        exampleSeeds.filter((seed) => seed.tags.includes(category)).length,
      ).toBeGreaterThanOrEqual(4);
    }
  });

  it("import cleanly through the jsonl seed file parser", () => {
    const result = parseSeedFile(serializeSeeds(exampleSeeds, "jsonl"), "jsonl");
    expect(result.ok).toBe(true);
  });

  it("say they are example data", () => {
    expect(EXAMPLE_PROJECT.name).toBe("Example: format constraints");
    expect(EXAMPLE_PROJECT.description).toMatch(/^Example data written for AutoIF Studio/);
  });
});
