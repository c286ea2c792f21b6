import { describe, expect, it } from "vitest";
import { parseBenchmarkFile } from "./benchmarkFile";
import { forEachNgramKey, NgramIndex } from "./ngrams";

const words = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `w${from + i}`).join(" ");

describe("13-gram contamination index", () => {
  it("matches a row that shares 13 consecutive words with a benchmark prompt, whatever the case and punctuation", () => {
    const index = new NgramIndex();
    index.add(`Intro. ${words(0, 40)} outro`, 7);
    expect(
      index.firstMatch(
        `Something else first: ${words(10, 13).toUpperCase().replaceAll(" ", ", ")}; then more`,
      ),
    ).toBe(7);
  });

  it("does not match 12 shared words or the same words in another order", () => {
    const index = new NgramIndex();
    index.add(words(0, 30), 1);
    expect(index.firstMatch(`a ${words(5, 12)} b`)).toBeNull();
    expect(index.firstMatch(words(0, 30).split(" ").reverse().join(" "))).toBeNull();
  });

  it("compares a prompt shorter than 13 words whole", () => {
    const index = new NgramIndex();
    index.add("Write a haiku about rain.", 3);
    expect(index.firstMatch("write a HAIKU about rain")).toBe(3);
    expect(index.firstMatch("Write a haiku about snow.")).toBeNull();
  });

  it("counts one key per window and none for text without words", () => {
    let n = 0;
    forEachNgramKey(words(0, 20), () => void n++);
    expect(n).toBe(8);
    expect(forEachNgramKey("  ... !!", () => true)).toBe(false);
  });

  it("keeps distinct keys for 50k distinct windows (no collisions at this scale)", () => {
    const keys = new Set<number>();
    forEachNgramKey(words(0, 50_012), (k) => void keys.add(k));
    expect(keys.size).toBe(50_000);
  });
});

describe("parseBenchmarkFile", () => {
  it("finds the text field and skips blank lines", () => {
    const parsed = parseBenchmarkFile('\uFEFF{"id": 1, "prompt": "A?"}\r\n\n{"prompt": "B"}\n');
    expect(parsed).toEqual({
      ok: true,
      field: "prompt",
      prompts: [
        { line: 1, text: "A?" },
        { line: 3, text: "B" },
      ],
    });
    expect(parseBenchmarkFile('{"q": "x"}', "q")).toMatchObject({ ok: true, field: "q" });
  });

  it("reports every bad line with its number", () => {
    const parsed = parseBenchmarkFile('{"prompt": "ok"}\nnot json\n[1]\n{"prompt": 3}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(parseBenchmarkFile('{"other": "x"}')).toMatchObject({ ok: false });
    expect(parseBenchmarkFile("\n\n")).toMatchObject({ ok: false });
  });
});

describe("NgramIndex table", () => {
  it("keeps every key and its first owner through growth", () => {
    const index = new NgramIndex();
    for (let p = 0; p < 6_000; p++) index.add(words(p * 20, 20), p);
    expect(index.size).toBe(6_000 * 8);
    for (const p of [0, 1, 1_234, 5_999])
      expect(index.firstMatch(`x ${words(p * 20 + 3, 13)} y`)).toBe(p);
    index.add(words(0, 20), 99_999);
    expect(index.firstMatch(words(0, 13))).toBe(0);
    expect(index.firstMatch(words(6_000 * 20 + 1, 30))).toBeNull();
  });
});
