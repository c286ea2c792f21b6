import { describe, expect, it } from "vitest";
import { datasetInfoEntry, datasetInfoEntrySchema, datasetName } from "./datasetInfo";
import { emptyExportReason } from "./emptyExport";
import { exportRequestSchema } from "./exportRequest";
import {
  DPO_FORMATS,
  SFT_FORMATS,
  UNPAIRED_FORMATS,
  formatById,
  type DpoFormat,
  type SftFormat,
  type UnpairedFormat,
} from "./formats";
import { lineFrames, renderFrame } from "./lineFrame";

const hostile = 'He said "hi"\n\t<script>alert(1)</script> & \\ \u2028 emoji 🦉 中文 \u0000 end';
const none = { system: null };
const withSystem = { system: `You are exact. ${hostile}` };

describe("export formats", () => {
  it.each(SFT_FORMATS.map((f) => [f.id, f] as const))(
    "%s lines validate and round-trip hostile text byte for byte, with and without a system prompt",
    (_id, format) => {
      for (const o of [none, withSystem]) {
        const line = JSON.stringify(format.toLine({ prompt: hostile, response: `${hostile}!` }, o));
        expect(line).not.toContain("\n");
        const parsed = format.schema.parse(JSON.parse(line));
        expect(JSON.stringify(parsed)).toBe(line);
        expect(line).toContain(JSON.stringify(hostile).slice(1, -1));
        expect(line.includes("You are exact.")).toBe(o.system !== null);
      }
    },
  );

  it.each(DPO_FORMATS.map((f) => [f.id, f] as const))(
    "%s lines validate and carry chosen and rejected apart",
    (_id, format) => {
      for (const o of format.systemSlot ? [none, withSystem] : [none]) {
        const line = JSON.stringify(
          format.toLine({ prompt: hostile, chosen: "good", rejected: "bad" }, o),
        );
        const parsed = format.schema.parse(JSON.parse(line));
        expect(JSON.stringify(parsed)).toBe(line);
        expect(line.indexOf('"good"')).toBeLessThan(line.indexOf('"bad"'));
        expect(line.includes("You are exact.")).toBe(o.system !== null);
      }
    },
  );

  it("rejects lines with a missing or extra field, or turns out of place", () => {
    const alpaca = formatById("alpaca")!;
    expect(alpaca.schema.safeParse({ instruction: "a", output: "b" }).success).toBe(false);
    expect(
      alpaca.schema.safeParse({ instruction: "a", input: "", output: "b", id: 1 }).success,
    ).toBe(false);
    expect(
      alpaca.schema.safeParse({ instruction: "a", input: "", output: "b", system: "" }).success,
    ).toBe(false);
    expect(
      formatById("trl-preference-conversational")!.schema.safeParse({
        prompt: "a",
        chosen: "b",
        rejected: "c",
      }).success,
    ).toBe(false);
    const sharegpt = formatById("sharegpt")!.schema;
    expect(
      sharegpt.safeParse({
        conversations: [
          { from: "gpt", value: "a" },
          { from: "human", value: "b" },
        ],
      }).success,
    ).toBe(false);
    const pref = formatById("sharegpt-preference")!.schema;
    expect(
      pref.safeParse({
        conversations: [
          { from: "human", value: "p" },
          { from: "gpt", value: "c" },
        ],
        chosen: { from: "gpt", value: "c" },
        rejected: { from: "gpt", value: "r" },
      }).success,
    ).toBe(false);
    expect(
      pref.safeParse({
        conversations: [{ from: "human", value: "p" }],
        chosen: { from: "human", value: "c" },
        rejected: { from: "gpt", value: "r" },
      }).success,
    ).toBe(false);
    const kto = formatById("kto")!.schema;
    expect(
      kto.safeParse({
        conversations: [
          { from: "human", value: "p" },
          { from: "gpt", value: "c" },
        ],
        kto_tag: "true",
      }).success,
    ).toBe(false);
    expect(
      formatById("openai-chat")!.schema.safeParse({
        messages: [
          { role: "user", content: "p" },
          { role: "system", content: "s" },
          { role: "assistant", content: "a" },
        ],
      }).success,
    ).toBe(false);
  });

  it("maps the formats to the right shapes", () => {
    expect(
      (formatById("sharegpt") as SftFormat).toLine({ prompt: "P", response: "R" }, none),
    ).toEqual({
      conversations: [
        { from: "human", value: "P" },
        { from: "gpt", value: "R" },
      ],
    });
    expect(
      (formatById("sharegpt") as SftFormat).toLine({ prompt: "P", response: "R" }, { system: "S" }),
    ).toEqual({
      conversations: [
        { from: "human", value: "P" },
        { from: "gpt", value: "R" },
      ],
      system: "S",
    });
    expect(
      (formatById("openai-chat") as SftFormat).toLine(
        { prompt: "P", response: "R" },
        { system: "S" },
      ),
    ).toEqual({
      messages: [
        { role: "system", content: "S" },
        { role: "user", content: "P" },
        { role: "assistant", content: "R" },
      ],
    });
    expect(
      (formatById("openai-preference") as DpoFormat).toLine(
        { prompt: "P", chosen: "C", rejected: "X" },
        none,
      ),
    ).toEqual({
      input: { messages: [{ role: "user", content: "P" }] },
      preferred_output: [{ role: "assistant", content: "C" }],
      non_preferred_output: [{ role: "assistant", content: "X" }],
    });
    expect(
      (formatById("sharegpt-preference") as DpoFormat).toLine(
        { prompt: "P", chosen: "C", rejected: "X" },
        none,
      ),
    ).toEqual({
      conversations: [{ from: "human", value: "P" }],
      chosen: { from: "gpt", value: "C" },
      rejected: { from: "gpt", value: "X" },
    });
    expect(
      (formatById("kto") as UnpairedFormat).toLine(
        { prompt: "P", response: "R", desirable: false },
        { system: "S" },
      ),
    ).toEqual({
      conversations: [
        { from: "human", value: "P" },
        { from: "gpt", value: "R" },
      ],
      kto_tag: false,
      system: "S",
    });
    expect(formatById("nope")).toBeUndefined();
  });

  it("takes a system prompt only for formats with a place for it, trimmed, and none when blank", () => {
    const base = { projectId: 1, format: "alpaca" };
    expect(exportRequestSchema.parse({ ...base, systemPrompt: "  Be brief.  " }).systemPrompt).toBe(
      "Be brief.",
    );
    expect(exportRequestSchema.parse(base).systemPrompt).toBe("");
    const refused = exportRequestSchema.safeParse({
      ...base,
      format: "trl-preference",
      systemPrompt: "Be brief.",
    });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({
      path: ["systemPrompt"],
      message: expect.stringContaining("TRL preference format has no place for a system prompt"),
    });
    expect(
      exportRequestSchema.safeParse({ ...base, format: "trl-preference", systemPrompt: "   " })
        .success,
    ).toBe(true);
    expect(
      exportRequestSchema.safeParse({ ...base, systemPrompt: "x".repeat(20_001) }).success,
    ).toBe(false);
    expect(
      exportRequestSchema.safeParse({ ...base, systemPrompt: '"@@autoif-slot-prompt@@"' }).success,
    ).toBe(false);
  });
});

describe("dataset_info.json entry", () => {
  it("registers alpaca SFT, alpaca preference with ranking, and ShareGPT with its tags", () => {
    const sft = datasetInfoEntry(formatById("alpaca")!, "autoif_sft.jsonl")!;
    expect(sft).toEqual({
      file_name: "autoif_sft.jsonl",
      formatting: "alpaca",
      ranking: false,
      columns: { prompt: "instruction", query: "input", response: "output" },
    });
    const dpo = datasetInfoEntry(formatById("alpaca-preference")!, "p.jsonl")!;
    expect(dpo).toMatchObject({
      ranking: true,
      columns: { chosen: "chosen", rejected: "rejected" },
    });
    const sharegpt = datasetInfoEntry(formatById("sharegpt")!, "s.jsonl")!;
    expect(sharegpt).toMatchObject({
      formatting: "sharegpt",
      columns: { messages: "conversations" },
      tags: { user_tag: "human", assistant_tag: "gpt" },
    });
    for (const e of [sft, dpo, sharegpt]) expect(datasetInfoEntrySchema.parse(e)).toEqual(e);
    expect(datasetInfoEntry(formatById("trl-preference")!, "t.jsonl")).toBeNull();
  });

  it("registers ShareGPT preference with ranking and KTO with its kto_tag column, and the system column when a system prompt is written", () => {
    const pref = datasetInfoEntry(formatById("sharegpt-preference")!, "p.jsonl")!;
    expect(pref).toEqual({
      file_name: "p.jsonl",
      formatting: "sharegpt",
      ranking: true,
      columns: { messages: "conversations", chosen: "chosen", rejected: "rejected" },
      tags: {
        role_tag: "from",
        content_tag: "value",
        user_tag: "human",
        assistant_tag: "gpt",
        system_tag: "system",
      },
    });
    const kto = datasetInfoEntry(formatById("kto")!, "k.jsonl", { system: true })!;
    expect(kto).toMatchObject({
      formatting: "sharegpt",
      ranking: false,
      columns: { messages: "conversations", kto_tag: "kto_tag", system: "system" },
    });
    for (const e of [pref, kto]) expect(datasetInfoEntrySchema.parse(e)).toEqual(e);
    expect(
      datasetInfoEntry(formatById("alpaca")!, "a.jsonl", { system: true })!.columns.system,
    ).toBe("system");
  });

  it("names the dataset after the file", () => {
    expect(datasetName("/tmp/out/My SFT set.jsonl")).toBe("My_SFT_set");
  });
});

describe("line frames", () => {
  const q = (s: string) => JSON.stringify(s);
  it.each(SFT_FORMATS.map((f) => [f.id, f] as const))(
    "%s frame renders exactly what toLine serializes",
    (_id, f) => {
      for (const o of [none, withSystem]) {
        const [frame, ...more] = lineFrames(f, o);
        expect(more).toEqual([]);
        expect(renderFrame(frame!.pieces, { prompt: q(hostile), response: q("R") })).toBe(
          JSON.stringify(f.toLine({ prompt: hostile, response: "R" }, o)),
        );
      }
    },
  );
  it.each(DPO_FORMATS.map((f) => [f.id, f] as const))(
    "%s frame renders exactly what toLine serializes",
    (_id, f) => {
      const o = f.systemSlot ? withSystem : none;
      expect(
        renderFrame(lineFrames(f, o)[0]!.pieces, {
          prompt: q(hostile),
          chosen: q("C"),
          rejected: q("X"),
        }),
      ).toBe(JSON.stringify(f.toLine({ prompt: hostile, chosen: "C", rejected: "X" }, o)));
    },
  );
  it.each(UNPAIRED_FORMATS.map((f) => [f.id, f] as const))(
    "%s makes two lines of a pair: the chosen response desirable, the rejected one not",
    (_id, f) => {
      const frames = lineFrames(f, withSystem);
      expect(frames.map((fr) => fr.emits)).toEqual(["chosen", "rejected"]);
      const quoted = { prompt: q(hostile), chosen: q("C"), rejected: q("X") };
      expect(renderFrame(frames[0]!.pieces, quoted)).toBe(
        JSON.stringify(f.toLine({ prompt: hostile, response: "C", desirable: true }, withSystem)),
      );
      expect(renderFrame(frames[1]!.pieces, quoted)).toBe(
        JSON.stringify(f.toLine({ prompt: hostile, response: "X", desirable: false }, withSystem)),
      );
    },
  );
});

describe("empty export reason", () => {
  const counts = (rows: number[]) =>
    ["all", "pipeline", "review", "instruction", "score", "passRate"].map((step, i) => ({
      step,
      label: `${step} label`,
      rows: rows[i]!,
    }));
  it("names the filter that removed the last rows, or says the project has none", () => {
    expect(emptyExportReason(counts([10, 6, 4, 3, 3, 3]), "sft")).toBeNull();
    expect(emptyExportReason(counts([10, 6, 4, 3, 0, 0]), "sft")).toBe(
      'Nothing to export: the filter "score label" left 0 of the 3 responses left by "instruction label".',
    );
    expect(emptyExportReason(counts([10, 0, 0, 0, 0, 0]), "dpo")).toBe(
      'Nothing to export: the filter "pipeline label" left 0 of the 10 pairs in the project.',
    );
    expect(emptyExportReason(counts([0, 0, 0, 0, 0, 0]), "dpo")).toMatch(
      /^Nothing to export: the project has no pairs yet\./,
    );
    expect(
      emptyExportReason(
        [...counts([10, 6, 4, 3, 3, 3]), { step: "contamination", label: "without 3", rows: 0 }],
        "sft",
      ),
    ).toBe(
      "Nothing to export: the contamination check left out all 3 responses (each shares a word 13-gram with a benchmark prompt).",
    );
  });
});
