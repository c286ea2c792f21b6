import { describe, expect, it } from "vitest";
import { pyStrip, queryOfPrompt, readScriptGeneration } from "./referenceScripts";

const fenced = (json: unknown) =>
  `Here you go:\n\`\`\`json\n${typeof json === "string" ? json : JSON.stringify(json)}\n\`\`\`\nDone.`;
const gen = (func: unknown, cases: unknown) => fenced({ func, cases });

describe("readScriptGeneration (code/3 l.86-110)", () => {
  it("reads the first ```json block only, as re.findall(...)[0] does", () => {
    const raw = `${gen("def evaluate(response):\n    return True", [{ input: "a", output: true }])}\n${gen("def evaluate(response):\n    return False", [])}`;
    const read = readScriptGeneration(raw);
    expect(read).toEqual({
      ok: true,
      func: "def evaluate(response):\n    return True",
      cases: [{ input: "a", output: true }],
      skippedCases: [],
    });
  });

  it("skips a generation without a ```json block, also a plain ``` or an upper-case ```JSON fence", () => {
    for (const raw of [
      "no code at all",
      '```\n{"func": "x", "cases": []}\n```',
      '```JSON\n{"func": "x", "cases": []}\n```',
      '```json\n{"func": "x"}',
    ]) {
      const read = readScriptGeneration(raw);
      expect(read.ok).toBe(false);
      expect(!read.ok && read.reason).toMatch(/no ```json block; code\/3 l\.86-89/);
    }
  });

  it("skips a block that is not JSON (Python's True, a bad escape), naming the rule", () => {
    for (const body of [
      '{"func": "def evaluate(r): return True", "cases": [{"input": "a", "output": True}]}',
      '{"func": "a\\qb", "cases": []}',
    ]) {
      const read = readScriptGeneration(fenced(body));
      expect(!read.ok && read.reason).toMatch(
        /^invalid JSON in the ```json block \(.+\); code\/3 l\.91-94 skips the generation$/,
      );
    }
  });

  it("strips the function and removes every line naming download or requests (l.98-99), but never unescapes \\n", () => {
    const func =
      "\n  import requests\ndef evaluate(response):\n    # download nothing\n    return '\\\\n' in response  \n\n";
    const read = readScriptGeneration(gen(func, []));
    expect(read.ok && read.func).toBe("def evaluate(response):\n    return '\\\\n' in response");
  });

  it("keeps a case's output as written and skips a case without input or output, as l.109-110 print and skip", () => {
    const read = readScriptGeneration(
      gen("def evaluate(r):\n    return True", [
        { input: "a", output: "True" },
        { input: "b" },
        { output: false },
        { input: 3, output: true },
        { input: "c", output: 1 },
      ]),
    );
    expect(read.ok && read.cases).toEqual([
      { input: "a", output: "True" },
      { input: "c", output: 1 },
    ]);
    expect(read.ok && read.skippedCases.map((s) => [s.index, s.reason])).toEqual([
      [1, 'no "output"; code/3 l.109-110 prints the case and skips it'],
      [2, 'no "input"; code/3 l.109-110 prints the case and skips it'],
      [3, '"input" is a number; the studio\'s verifiers take a response text'],
    ]);
  });

  it("says where the script would stop instead of skipping: no func, func not text, no cases, cases not a list, a case not an object", () => {
    const reasons = [
      fenced({ cases: [] }),
      fenced([1, 2]),
      gen(42, []),
      fenced({ func: "def evaluate(r):\n    return True" }),
      gen("def evaluate(r):\n    return True", "ab"),
      gen("def evaluate(r):\n    return True", ["ab"]),
    ].map((raw) => {
      const r = readScriptGeneration(raw);
      return r.ok ? "ok" : r.reason;
    });
    expect(reasons).toEqual([
      'the JSON block has no "func"; code/3 l.97 would stop with a KeyError',
      'the JSON block has no "func"; code/3 l.97 would stop with a KeyError',
      '"func" is a number, not text; code/3 l.98 would stop (func.strip())',
      'the JSON block has no "cases"; code/3 l.106 would stop with a KeyError',
      '"cases" is text, not a list; code/3 l.106-108 would stop',
      "case 1 is text, not an object; code/3 l.108 would stop (each['input'])",
    ]);
  });
});

describe("pyStrip", () => {
  it("strips what Python's str.strip() strips, not what JavaScript's trim() does", () => {
    expect(pyStrip("\u001c\u0085 a b \u3000\t")).toBe("a b");
    expect(pyStrip("\uFEFFa\uFEFF")).toBe("\uFEFFa\uFEFF");
    expect(pyStrip("")).toBe("");
    expect(pyStrip(" \n ")).toBe("");
  });
});

describe("queryOfPrompt (code/7 l.72)", () => {
  it("takes everything after the first [Query], stripped", () => {
    expect(queryOfPrompt("Please answer.\n[instruction] Be brief\n[Query] What is 2+2?\n")).toBe(
      "What is 2+2?",
    );
    expect(queryOfPrompt("[Query] a [Query] b")).toBe("a [Query] b");
    expect(queryOfPrompt("[Query]")).toBe("");
    expect(queryOfPrompt("no marker")).toBeNull();
  });
});
