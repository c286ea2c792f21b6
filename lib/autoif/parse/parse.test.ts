import { describe, expect, it } from "vitest";
import { parseInstructionList } from "./instructionList";
import { parseBackTranslation, parseNliLabel } from "./labels";
import { parseScore } from "./score";
import { parseVerifierOutput } from "./verifierOutput";

describe("parseInstructionList", () => {
  it("reads numbered items and ignores the preamble and closing prose", () => {
    const raw =
      'Here are 3 new instructions:\n1. Use no commas.\n2) **End with the word Done.**\n3. "Write in all caps."\nHope this helps!';
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
  const fenced =
    'Sure!\n```json\n{"func": "function evaluate(response) {\\n  return response.length < 10;\\n}", "cases": [{"input": "short", "output": true}, {"input": "x", "output": "False"}, {"oops": 1}]}\n```\nThat should work.';

  it("reads JSON in a fence with prose around it and skips malformed cases", () => {
    const result = parseVerifierOutput(fenced);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.func).toBe(
      "function evaluate(response) {\n  return response.length < 10;\n}",
    );
    expect(result.value.cases).toEqual([
      { input: "short", output: true },
      { input: "x", output: "False" },
    ]);
  });

  it("reads bare JSON without a fence", () => {
    const result = parseVerifierOutput(
      '{"func": "function evaluate(r) { return true; }", "cases": []}',
    );
    expect(result.ok && result.value.cases).toEqual([]);
  });

  it("fails on prose, broken JSON and a missing func, keeping the raw text", () => {
    expect(parseVerifierOutput("no code today")).toMatchObject({
      ok: false,
      error: "no JSON object found",
    });
    expect(parseVerifierOutput('```json\n{"func": "x", \n```')).toMatchObject({
      ok: false,
      error: expect.stringContaining("invalid JSON"),
    });
    expect(parseVerifierOutput('{"cases": []}')).toMatchObject({
      ok: false,
      error: expect.stringContaining("func"),
    });
  });
});

describe("parseVerifierOutput, python", () => {
  const code =
    "import re\n\ndef evaluate(response):\n    words = response.split()\n    return len(words) >= 3\n";
  const reply = (body: string) =>
    `Here you go.\n\n${body}\n\nThe function returns True when it holds.`;

  it("reads the ```python block and the cases of the ```json block, keeping the indentation", () => {
    const result = parseVerifierOutput(
      reply(
        "```python\n" +
          code +
          '```\n```json\n{"cases": [{"input": "a b c", "output": true}, {"input": "a", "output": "False"}, {"input": 3}]}\n```',
      ),
      "python",
    );
    expect(result).toEqual({
      ok: true,
      value: {
        func: code.trimEnd(),
        cases: [
          { input: "a b c", output: true },
          { input: "a", output: "False" },
        ],
      },
    });
  });

  it("reads ```py, a bare array of cases, CRLF line ends, and skips a python block without evaluate", () => {
    const helper = "```python\nprint('example')\n```";
    const raw = `${helper}\r\n\`\`\`py\r\ndef evaluate(response):\r\n    return True\r\n\`\`\`\r\n\`\`\`json\r\n[{"input": "x", "output": false}]\r\n\`\`\``;
    expect(parseVerifierOutput(raw, "python")).toEqual({
      ok: true,
      value: {
        func: "def evaluate(response):\n    return True",
        cases: [{ input: "x", output: false }],
      },
    });
  });

  it('reads the reference scripts\' shape, Python inside {"func", "cases"}, with twice-escaped newlines', () => {
    const raw =
      '```json\n{"func": "def evaluate(response):\\\\n    return \'!\' not in response", "cases": [{"input": "hi!", "output": false}]}\n```';
    expect(parseVerifierOutput(raw, "python")).toEqual({
      ok: true,
      value: {
        func: "def evaluate(response):\n    return '!' not in response",
        cases: [{ input: "hi!", output: false }],
      },
    });
  });

  it("fails naming what is missing, keeping the raw text", () => {
    expect(parseVerifierOutput("no code today", "python")).toMatchObject({
      ok: false,
      error: "no ```python block and no JSON object found",
      raw: "no code today",
    });
    expect(parseVerifierOutput("```python\nx = 1\n```\n```json\n[]\n```", "python")).toMatchObject({
      ok: false,
      error: expect.stringContaining("defines no `def evaluate(response):`"),
    });
    expect(parseVerifierOutput("```python\n" + code + "```", "python")).toMatchObject({
      ok: false,
      error: expect.stringContaining("no test cases found"),
    });
    expect(
      parseVerifierOutput("```python\n" + code + '```\n```json\n{"cases": [\n```', "python"),
    ).toMatchObject({ ok: false, error: expect.stringContaining("test cases: invalid JSON") });
    // A JavaScript function in the Python reply's JSON shape is not a Python verifier.
    expect(
      parseVerifierOutput(
        '{"func": "function evaluate(r) { return true; }", "cases": []}',
        "python",
      ),
    ).toMatchObject({ ok: false, error: "func defines no `def evaluate(response):`" });
  });

  it("leaves the JavaScript reading as it was: a ```python block is not JavaScript", () => {
    expect(
      parseVerifierOutput("```python\n" + code + '```\n```json\n{"cases": []}\n```'),
    ).toMatchObject({ ok: false, error: expect.stringContaining("func") });
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
    expect(parseBackTranslation('"Answer in lowercase letters only."\n')).toEqual({
      ok: true,
      value: "Answer in lowercase letters only.",
    });
    expect(parseBackTranslation("Instruction: Use fewer than 5 words.")).toEqual({
      ok: true,
      value: "Use fewer than 5 words.",
    });
    expect(parseBackTranslation("  \n")).toMatchObject({ ok: false });
  });
});

describe("parseScore, reference (code/8_query_score_filiter.py l.30: re.findall(r'Score: (\\d+?)$', each))", () => {
  const read = (raw: string) => {
    const p = parseScore(raw, "reference");
    return p.ok ? p.value : null;
  };
  it("reads `Score: N` at the very end, or before one final newline as Python's `$` does", () => {
    expect(read("Fine.\nScore: 9")).toBe(9);
    expect(read("Fine.\nScore: 10\n")).toBe(10);
    expect(read("Score: 3\nScore: 9")).toBe(9);
    expect(read("Score: 007")).toBe(7);
  });
  it("reads nothing the regex would not match", () => {
    for (const raw of [
      "Score: 9\n\n",
      "Score: 9\r\n",
      "Score: 9 ",
      "Score: 9.",
      "Score: 8.5",
      "**Score**: 9",
      "score: 9",
      "Score:9",
      "Score: 9/10",
      "Score: \n9",
      "Looks fine.",
    ]) {
      expect({ raw, value: read(raw) }).toEqual({ raw, value: null });
    }
  });
  it("takes any decimal digits by value and no range, as int() does", () => {
    expect(read("Score: 42")).toBe(42);
    expect(read("Score: \u0669")).toBe(9); // ARABIC-INDIC DIGIT NINE
    expect(read("Score: \u0967\u0966")).toBe(10); // DEVANAGARI ONE ZERO
    expect(read("Score: \u{1D7D7}")).toBe(9); // MATHEMATICAL BOLD DIGIT NINE, in a run of five digit sets
    expect(read("Score: \u{1D7E0}")).toBe(8); // MATHEMATICAL DOUBLE-STRUCK DIGIT EIGHT
    expect(read("Score: \u00B9")).toBeNull(); // superscript one is not a decimal digit
  });
  it("leaves the paper reading tolerant", () => {
    expect(parseScore("**Score**: 7/10")).toEqual({ ok: true, value: 7 });
    expect(parseScore("Score: 9.", "tolerant")).toEqual({ ok: true, value: 9 });
  });
});
