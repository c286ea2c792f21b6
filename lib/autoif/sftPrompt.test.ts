import { describe, expect, it } from "vitest";
import { sftPrompt } from "./sftPrompt";

describe("sftPrompt", () => {
  it("joins with a space after a query that contains a question mark or period", () => {
    expect(sftPrompt("what is rust?", "answer in all lowercase")).toBe(
      "What is rust? Answer in all lowercase.",
    );
    expect(sftPrompt("Explain e.g. in short", "use at most 50 words")).toBe(
      "Explain e.g. in short Use at most 50 words.",
    );
  });

  it("joins with a period and space after a query with neither", () => {
    expect(sftPrompt("tell me about owls", "wrap your answer in double quotes")).toBe(
      "Tell me about owls. Wrap your answer in double quotes.",
    );
  });

  it("adds no second mark when the instruction already ends a sentence", () => {
    expect(sftPrompt("Why is the sky blue?", "End with the word 'done'.")).toBe(
      "Why is the sky blue? End with the word 'done'.",
    );
    expect(sftPrompt("Name a color", "Can you answer in one word?")).toBe(
      "Name a color. Can you answer in one word?",
    );
    expect(sftPrompt("色は？", "一文で答えてください。")).toBe("色は？. 一文で答えてください。");
  });

  it("trims and upper-cases first letters, including non-ASCII ones", () => {
    expect(sftPrompt("  émile zola's books? ", " éviter les virgules ")).toBe(
      "Émile zola's books? Éviter les virgules.",
    );
  });

  it("keeps the rest of the text byte for byte", () => {
    expect(sftPrompt('say "<b>hi</b>"\nplease', "use\ttabs")).toBe(
      'Say "<b>hi</b>"\nplease. Use\ttabs.',
    );
  });
});
