import { describe, expect, it } from "vitest";
import { instructionHash, normalizeInstruction } from "./normalizeInstruction";

describe("normalizeInstruction", () => {
  it("lowercases and collapses whitespace, including tabs, newlines and no-break spaces", () => {
    expect(normalizeInstruction("  Answer\tin   FEWER\nthan\u00a060 words  ")).toBe(
      "answer in fewer than 60 words",
    );
  });

  it("applies NFKC so full-width and ligature forms match their plain spelling", () => {
    expect(normalizeInstruction("Ｕｓｅ ﬁve bullets")).toBe("use five bullets");
  });

  it("matches composed and decomposed accents", () => {
    expect(normalizeInstruction("R\u0065\u0301ponds")).toBe(normalizeInstruction("R\u00e9ponds"));
  });

  it("drops zero-width characters", () => {
    expect(normalizeInstruction("Use no com\u200bmas")).toBe("use no commas");
  });

  it.each([
    ["1. Use no commas.", "use no commas"],
    ["12) Use no commas", "use no commas"],
    ["(3) Use no commas", "use no commas"],
    ["- Use no commas", "use no commas"],
    ["* Use no commas", "use no commas"],
    ["• Use no commas", "use no commas"],
    ["2.Use no commas", "use no commas"],
  ])("strips leading list numbering from %j", (input, expected) => {
    expect(normalizeInstruction(input)).toBe(expected);
  });

  it("keeps a leading number that is part of the instruction", () => {
    expect(normalizeInstruction("1.5 times longer answers are fine")).toBe(
      "1.5 times longer answers are fine",
    );
    expect(normalizeInstruction("3 sentences at most")).toBe("3 sentences at most");
  });

  it.each([
    ['"Use no commas."', "use no commas"],
    ['"Use no commas".', "use no commas"],
    ["“Use no commas.”", "use no commas"],
    ["1. 'Use no commas!'", "use no commas"],
    ["Use no commas...", "use no commas"],
  ])("strips surrounding quotes and trailing punctuation from %j", (input, expected) => {
    expect(normalizeInstruction(input)).toBe(expected);
  });

  it("keeps quotes that do not wrap the whole instruction", () => {
    expect(normalizeInstruction('End with "Done."')).toBe('end with "done."');
    expect(normalizeInstruction('"Yes" or "No" first')).toBe('"yes" or "no" first');
  });

  it("keeps a closing parenthesis and question mark", () => {
    expect(normalizeInstruction("Respond in a haiku (5-7-5)")).toBe("respond in a haiku (5-7-5)");
    expect(normalizeInstruction("Why not end with a question?")).toBe(
      "why not end with a question?",
    );
  });

  it("is idempotent", () => {
    const once = normalizeInstruction(' 1.  "Write ＡＬＬ in caps." ');
    expect(normalizeInstruction(once)).toBe(once);
  });
});

describe("instructionHash", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    ["a".repeat(55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"],
    ["a".repeat(56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"],
    ["a".repeat(64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"],
    ["x".repeat(1000), "44f8354494a5ba03ba1792a8d3e9c534c47a9181980fde7a3f44b06ef2ae7c7f"],
    ["réponds en français 🙂", "bd7d30e8ae1297c79ceeaa8df3e1c50fc4715d5cd9070dd4404d19da10a8bf66"],
  ])("is the SHA-256 hex of the UTF-8 normalized text (%#)", (text, hex) => {
    expect(instructionHash(text)).toBe(hex);
  });

  it("gives the same hash to instructions that normalize alike and different ones otherwise", () => {
    expect(instructionHash("1. Use no commas.")).toBe(instructionHash('"use  NO commas"'));
    expect(instructionHash("Use no commas")).not.toBe(instructionHash("Use no colons"));
    expect(instructionHash("Use no commas")).toMatch(/^[0-9a-f]{64}$/);
  });
});
