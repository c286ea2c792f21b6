import { describe, expect, it } from "vitest";
import {
  formatFromFileName,
  MAX_REPORTED_ERRORS,
  parseSeedFile,
  serializeSeeds,
} from "./parseSeedFile";

function seedsOf(content: string, format: "txt" | "jsonl") {
  const result = parseSeedFile(content, format);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.seeds;
}

function errorsOf(content: string, format: "txt" | "jsonl", fileName?: string) {
  const result = parseSeedFile(content, format, { fileName });
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("formatFromFileName", () => {
  it.each([
    ["seeds.txt", "txt"],
    ["SEEDS.TXT", "txt"],
    ["a.b.jsonl", "jsonl"],
    ["x.ndjson", "jsonl"],
    ["seeds.json", null],
    ["seeds", null],
    ["txt", null],
  ])("maps %j to %j", (name, format) => {
    expect(formatFromFileName(name)).toBe(format);
  });
});

describe("parseSeedFile txt", () => {
  it("reads one seed per line with 1-based line numbers, skipping blanks and # comments", () => {
    const content =
      "\uFEFF# my seeds\r\nUse no commas.\r\n\r\n   # indented comment\n  Answer in capitals  \rEnd with a question.";
    expect(seedsOf(content, "txt")).toEqual([
      { text: "Use no commas.", tags: [], line: 2 },
      { text: "Answer in capitals", tags: [], line: 5 },
      { text: "End with a question.", tags: [], line: 6 },
    ]);
  });

  it("reads \\# as a seed that starts with #", () => {
    expect(seedsOf("\\#hashtag every sentence\n", "txt")).toEqual([
      { text: "#hashtag every sentence", tags: [], line: 1 },
    ]);
  });

  it("names both lines of instructions that normalize alike", () => {
    expect(errorsOf("Use no commas.\nAnswer briefly\n2. use NO commas\n", "txt")).toEqual([
      { line: 3, message: "Line 3 repeats the seed instruction on line 1." },
    ]);
  });

  it("reports every bad line, not just the first", () => {
    const errors = errorsOf(`ok one\n${"x".repeat(2001)}\n...\nok one\n`, "txt");
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0]?.message).toMatch(/2001.*2000/);
  });

  it("caps the list of errors and sums up the rest in one entry", () => {
    const content = Array.from({ length: 60 }, () => "same seed").join("\n");
    const errors = errorsOf(content, "txt");
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors.at(-1)).toEqual({
      line: 52,
      message: "9 more errors not shown, the next on line 52.",
    });
  });

  it("refuses a file with no seeds, naming the file", () => {
    expect(errorsOf("\n# only a comment\n\n", "txt", "mine.txt")).toEqual([
      { line: 1, message: "No seed instructions found in mine.txt." },
    ]);
    expect(errorsOf("", "txt")[0]?.message).toMatch(/no seed instructions found/i);
  });
});

describe("parseSeedFile jsonl", () => {
  it("keeps tags from an array or a comma-separated string and scalar fields as key:value tags", () => {
    const content = [
      '{"instruction": "Use no commas.", "tags": ["Punctuation", "Hard Ones"], "category": "Format Rules", "level": 2, "checked": true}',
      '{"instruction": "Answer in capitals", "tags": "case, example,", "meta": {"x": 1}, "list": [1], "empty": "", "n": null}',
    ].join("\n");
    expect(seedsOf(content, "jsonl")).toEqual([
      {
        text: "Use no commas.",
        tags: ["category:format-rules", "checked:true", "hard-ones", "level:2", "punctuation"],
        line: 1,
      },
      { text: "Answer in capitals", tags: ["case", "example"], line: 2 },
    ]);
  });

  it("cuts a long metadata value to a valid tag", () => {
    const [seed] = seedsOf(
      `{"instruction": "Be brief", "source": "${"word ".repeat(20)}"}`,
      "jsonl",
    );
    expect(seed?.tags).toEqual(["source:word-word-word-word-word-word-wor"]);
  });

  it("reports malformed JSON, non-objects, missing or non-string instructions and bad tags by line and field", () => {
    const content = [
      '{"instruction": "fine"}',
      '{"instruction": "broken"',
      "[1, 2]",
      '{"text": "wrong key"}',
      '{"instruction": 7}',
      '{"instruction": "bad tags", "tags": [1]}',
      '{"instruction": "  ", "tags": ["has space ok", "!!!"]}',
    ].join("\n");
    const errors = errorsOf(content, "jsonl");
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, undefined],
      [3, undefined],
      [4, "instruction"],
      [5, "instruction"],
      [6, "tags"],
      [7, "tags"],
      [7, "instruction"],
    ]);
    expect(errors[0]?.message).toMatch(/^Invalid JSON: /);
    expect(errors[2]?.message).toBe("Field instruction is missing.");
    expect(errors[3]?.message).toBe("Field instruction must be a string.");
    expect(errors[6]?.message).toMatch(/is empty/);
  });

  it("reports duplicate instructions at the instruction field with both lines", () => {
    const errors = errorsOf(
      '{"instruction": "Be brief."}\n\n{"instruction": "\\"be brief\\""}',
      "jsonl",
    );
    expect(errors).toEqual([
      { line: 3, field: "instruction", message: "Line 3 repeats the seed instruction on line 1." },
    ]);
  });
});

describe("serializeSeeds", () => {
  const seeds = [
    { text: "Use no commas.", tags: ["example", "punctuation"] },
    { text: 'Line one\nline two with "quotes" and \\ backslash', tags: [] },
    { text: "#hashtag every sentence", tags: ["category:format"] },
    { text: "Emoji 🙂 and U+2028 \u2028 inside", tags: ["x"] },
  ];

  it("round-trips jsonl exactly, text and tags", () => {
    const parsed = seedsOf(serializeSeeds(seeds, "jsonl"), "jsonl");
    expect(parsed.map(({ text, tags }) => ({ text, tags }))).toEqual(seeds);
  });

  it("writes txt one seed per line, newlines as spaces, # escaped so it is not a comment", () => {
    const txt = serializeSeeds(seeds, "txt");
    expect(txt.split("\n")).toHaveLength(seeds.length + 1);
    expect(seedsOf(txt, "txt").map((s) => s.text)).toEqual([
      "Use no commas.",
      'Line one line two with "quotes" and \\ backslash',
      "#hashtag every sentence",
      "Emoji 🙂 and U+2028 \u2028 inside",
    ]);
  });

  it("round-trips a txt seed that already starts with a backslash and #", () => {
    const txt = serializeSeeds([{ text: "\\#literal", tags: [] }], "txt");
    expect(seedsOf(txt, "txt")[0]?.text).toBe("\\#literal");
  });

  it("writes nothing for no seeds", () => {
    expect(serializeSeeds([], "jsonl")).toBe("");
  });
});
