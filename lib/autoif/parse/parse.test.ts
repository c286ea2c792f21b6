import { describe, expect, it } from "vitest";
import { parseInstructionList } from "./instructionList";
import { parseBackTranslation, parseNliLabel } from "./labels";
import { parseVerifierOutput } from "./verifierOutput";

describe("parseInstructionList", () => {
  it("reads numbered items and ignores the preamble and closing prose", () => {
    const raw = "Here are 3 new instructions:\n1. Use no commas.\n2) **End with the word Done.**\n3. \"Write in all caps.\"\nHope this helps!";
    expect(parseInstructionList(raw)).toEqual({
      ok: true,
      value: ["Use no commas.", "End with the word Done.", "Write in all caps."],
    });
  });

  it("fails with the raw text when there is no list", () => {
    const result = parseInstructionList("I cannot help with that.");
    expect(result).toMatchObject({ ok: false, raw: "I cannot help with that." });
  });
});

describe("parseVerifierOutput", () => {
  const fenced = 'Sure!\n```json\n{"func": "function evaluate(response) {\\n  return response.length < 10;\\n}", "cases": [{"input": "short", "output": true}, {"input": "x", "output": "False"}, {"oops": 1}]}\n```\nThat should work.';

  it("reads JSON in a fence with prose around it and skips malformed cases", () => {
    const result = parseVerifierOutput(fenced);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.func).toBe("function evaluate(response) {\n  return response.length < 10;\n}");
    expect(result.value.cases).toEqual([
      { input: "short", output: true },
      { input: "x", output: "False" },
    ]);
  });

  it("reads bare JSON without a fence", () => {
    const result = parseVerifierOutput('{"func": "function evaluate(r) { return true; }", "cases": []}');
    expect(result.ok && result.value.cases).toEqual([]);
  });

  it("fails on prose, broken JSON and a missing func, keeping the raw text", () => {
    expect(parseVerifierOutput("no code today")).toMatchObject({ ok: false, error: "no JSON object found" });
    expect(parseVerifierOutput('```json\n{"func": "x", \n```')).toMatchObject({ ok: false, error: expect.stringContaining("invalid JSON") });
    expect(parseVerifierOutput('{"cases": []}')).toMatchObject({ ok: false, error: expect.stringContaining("func") });
  });
});

describe("labels", () => {
  it("reads NLI labels in their usual spellings", () => {
    expect(parseNliLabel("Label: entail")).toEqual({ ok: true, value: "entail" });
    expect(parseNliLabel("**Label**: Contradiction")).toEqual({ ok: true, value: "contradict" });
    expect(parseNliLabel("neutral")).toEqual({ ok: true, value: "neutral" });
    expect(parseNliLabel("They seem similar.")).toMatchObject({ ok: false });
  });

  it("reads the back-translated instruction from the first line", () => {
    expect(parseBackTranslation('"Answer in lowercase letters only."\n')).toEqual({ ok: true, value: "Answer in lowercase letters only." });
    expect(parseBackTranslation("Instruction: Use fewer than 5 words.")).toEqual({ ok: true, value: "Use fewer than 5 words." });
    expect(parseBackTranslation("  \n")).toMatchObject({ ok: false });
  });
});
