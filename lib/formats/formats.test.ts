import { describe, expect, it } from "vitest";
import { datasetInfoEntry, datasetInfoEntrySchema, datasetName } from "./datasetInfo";
import { DPO_FORMATS, SFT_FORMATS, formatById, type DpoFormat, type SftFormat } from "./formats";
import { lineFrame, renderFrame } from "./lineFrame";

const hostile = 'He said "hi"\n\t<script>alert(1)</script> & \\ \u2028 emoji 🦉 中文 \u0000 end';

describe("export formats", () => {
  it.each(SFT_FORMATS.map((f) => [f.id, f] as const))("%s lines validate and round-trip hostile text byte for byte", (_id, format) => {
    const line = JSON.stringify(format.toLine({ prompt: hostile, response: `${hostile}!` }));
    expect(line).not.toContain("\n");
    const parsed = format.schema.parse(JSON.parse(line));
    expect(JSON.stringify(parsed)).toBe(line);
    expect(line).toContain(JSON.stringify(hostile).slice(1, -1));
  });

  it.each(DPO_FORMATS.map((f) => [f.id, f] as const))("%s lines validate and carry chosen and rejected apart", (_id, format) => {
    const line = JSON.stringify(format.toLine({ prompt: hostile, chosen: "good", rejected: "bad" }));
    const parsed = format.schema.parse(JSON.parse(line));
    expect(JSON.stringify(parsed)).toBe(line);
    expect(line.indexOf('"good"')).toBeLessThan(line.indexOf('"bad"'));
  });

  it("rejects lines with a missing or extra field", () => {
    const alpaca = formatById("alpaca")!;
    expect(alpaca.schema.safeParse({ instruction: "a", output: "b" }).success).toBe(false);
    expect(alpaca.schema.safeParse({ instruction: "a", input: "", output: "b", id: 1 }).success).toBe(false);
    expect(formatById("trl-preference-conversational")!.schema.safeParse({ prompt: "a", chosen: "b", rejected: "c" }).success).toBe(false);
  });

  it("maps the formats to the right shapes", () => {
    expect((formatById("sharegpt") as SftFormat).toLine({ prompt: "P", response: "R" })).toEqual({ conversations: [{ from: "human", value: "P" }, { from: "gpt", value: "R" }] });
    expect((formatById("openai-chat") as SftFormat).toLine({ prompt: "P", response: "R" })).toEqual({ messages: [{ role: "user", content: "P" }, { role: "assistant", content: "R" }] });
    expect((formatById("openai-preference") as DpoFormat).toLine({ prompt: "P", chosen: "C", rejected: "X" })).toEqual({
      input: { messages: [{ role: "user", content: "P" }] },
      preferred_output: [{ role: "assistant", content: "C" }],
      non_preferred_output: [{ role: "assistant", content: "X" }],
    });
    expect(formatById("nope")).toBeUndefined();
  });
});

describe("dataset_info.json entry", () => {
  it("registers alpaca SFT, alpaca preference with ranking, and ShareGPT with its tags", () => {
    const sft = datasetInfoEntry(formatById("alpaca")!, "autoif_sft.jsonl")!;
    expect(sft).toMatchObject({ file_name: "autoif_sft.jsonl", ranking: false, columns: { prompt: "instruction", query: "input", response: "output" } });
    const dpo = datasetInfoEntry(formatById("alpaca-preference")!, "p.jsonl")!;
    expect(dpo).toMatchObject({ ranking: true, columns: { chosen: "chosen", rejected: "rejected" } });
    const sharegpt = datasetInfoEntry(formatById("sharegpt")!, "s.jsonl")!;
    expect(sharegpt).toMatchObject({ formatting: "sharegpt", columns: { messages: "conversations" }, tags: { user_tag: "human", assistant_tag: "gpt" } });
    for (const e of [sft, dpo, sharegpt]) expect(datasetInfoEntrySchema.parse(e)).toEqual(e);
    expect(datasetInfoEntry(formatById("trl-preference")!, "t.jsonl")).toBeNull();
  });

  it("names the dataset after the file", () => {
    expect(datasetName("/tmp/out/My SFT set.jsonl")).toBe("My_SFT_set");
  });
});

describe("line frames", () => {
  const q = (s: string) => JSON.stringify(s);
  it.each(SFT_FORMATS.map((f) => [f.id, f] as const))("%s frame renders exactly what toLine serializes", (_id, f) => {
    expect(renderFrame(lineFrame(f), { prompt: q(hostile), response: q("R") })).toBe(JSON.stringify(f.toLine({ prompt: hostile, response: "R" })));
  });
  it.each(DPO_FORMATS.map((f) => [f.id, f] as const))("%s frame renders exactly what toLine serializes", (_id, f) => {
    expect(renderFrame(lineFrame(f), { prompt: q(hostile), chosen: q("C"), rejected: q("X") })).toBe(JSON.stringify(f.toLine({ prompt: hostile, chosen: "C", rejected: "X" })));
  });
});
