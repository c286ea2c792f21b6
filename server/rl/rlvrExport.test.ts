import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parquetReadObjects } from "hyparquet";
import { readParquet } from "parquet-wasm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exports } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import { instructionKey } from "@/lib/rl/instructionKey";
import { rlvrManifestSchema, rlvrRowSchemas } from "@/lib/rl/rlvrFormats";
import { splitSide } from "@/lib/rl/split";
import { setSplit } from "../services/splits";
import { seedRewardProject } from "../rewards/testing/rewardFixture";
import { buildRlvrExport, rlvrExportToFile } from "./rlvrExport";

let t: ReturnType<typeof createTestDb>;
let fx: ReturnType<typeof seedRewardProject>;
let dir: string;
beforeEach(() => {
  t = createTestDb();
  fx = seedRewardProject(t.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-rlvr-"));
});
afterEach(() => {
  t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Instructions 1, 2, 6 and 7 of the fixture are kept with usable verifiers; 3 is rejected, 4 has none, 5 was dropped. */
const SERVED = [0, 1, 5, 6];
const QUERIES = [1, 2, 3].map((i) => `Tell me something about owls, part ${i}?`);
const TEXTS = [
  "Answer in lowercase letters only",
  "Mention owls in your answer",
  "",
  "",
  "",
  "Be brief",
  "Mention owls in a few words",
];
const keyOf = (i: number) => instructionKey(fx.instructions[i]!.number, fx.instructions[i]!.hash);
const expectedRows = (served = SERVED) =>
  served.flatMap((i) =>
    QUERIES.map((q) => ({
      key: keyOf(i),
      prompt: sftPrompt(q, TEXTS[i]!),
      instruction: TEXTS[i]!,
      query: q,
      number: fx.instructions[i]!.number,
    })),
  );

const json = (v: unknown) =>
  JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x)),
  ) as unknown;

describe("verl parquet", () => {
  it("round-trips: Apache Arrow's own parquet reader sees verl's columns with nested types, and every row", () => {
    const out = rlvrExportToFile(
      t.db,
      { projectId: fx.projectId, format: "verl", systemPrompt: "Follow the instruction." },
      path.join(dir, "train.jsonl"),
    );
    expect(out.filePath).toBe(path.join(dir, "train.parquet"));
    const bytes = fs.readFileSync(out.filePath);
    const table = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
    // How pyarrow (and so pandas and verl's datasets) types the columns: a list of structs, structs.
    expect(table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      "data_source: Utf8",
      "prompt: List<Struct<{role:Utf8, content:Utf8}>>",
      "ability: Utf8",
      "reward_model: Struct<{style:Utf8, ground_truth:Utf8}>",
      "extra_info: Struct<{split:Utf8, index:Int64, instruction_key:Utf8, instruction_number:Int64, instruction:Utf8, query:Utf8}>",
    ]);
    const rows = json(table.toArray().map((r: { toJSON(): unknown }) => r.toJSON())) as Array<
      Record<string, unknown>
    >;
    const expected = expectedRows();
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      expect(rlvrRowSchemas.verl.parse(row)).toBeTruthy();
      expect(row).toEqual({
        data_source: "autoif",
        prompt: [
          { role: "system", content: "Follow the instruction." },
          { role: "user", content: expected[i]!.prompt },
        ],
        ability: "instruction-following",
        reward_model: { style: "rule", ground_truth: expected[i]!.key },
        extra_info: {
          split: "train",
          index: i,
          instruction_key: expected[i]!.key,
          instruction_number: expected[i]!.number,
          instruction: expected[i]!.instruction,
          query: expected[i]!.query,
        },
      });
    });
    // hyparquet reads the same rows.
    return parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    }).then((objects) => expect(json(objects)).toEqual(rows));
  });

  it("writes the manifest and verl's reward function beside the file, and records the export", () => {
    const out = rlvrExportToFile(
      t.db,
      { projectId: fx.projectId, format: "verl", rewardUrl: "http://10.0.0.5:8765/" },
      path.join(dir, "v.parquet"),
    );
    const manifest = rlvrManifestSchema.parse(
      JSON.parse(fs.readFileSync(out.manifestPath, "utf8")),
    );
    expect(manifest.file.rows).toBe(12);
    expect(manifest.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.counts.map((c) => [c.step, c.rows])).toEqual([
      ["all", 18],
      ["instruction", 15],
      ["verifiers", 12],
    ]);
    expect(manifest.instructions.map((i) => [i.key, i.rows, i.verifiers.length])).toEqual([
      [keyOf(0), 3, 2],
      [keyOf(1), 3, 3],
      [keyOf(5), 3, 1],
      [keyOf(6), 3, 3],
    ]);
    expect(manifest.split).toBeNull();
    expect(manifest.reward).toMatchObject({
      url: "http://10.0.0.5:8765/",
      functionFile: "autoif_reward_verl.py",
      errorCounting: "as-fail",
    });
    const fn = fs.readFileSync(out.rewardFunctionPath, "utf8");
    expect(path.basename(out.rewardFunctionPath)).toBe("autoif_reward_verl.py");
    expect(fn).toContain(
      'REWARD_URL = os.environ.get("AUTOIF_REWARD_URL", "http://10.0.0.5:8765/")',
    );
    expect(fn).toContain(
      "def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):",
    );
    const compiled = spawnSync(
      "python3",
      ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", out.rewardFunctionPath],
      { encoding: "utf8" },
    );
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
    expect(
      t.db
        .select({ kind: exports.kind, format: exports.format, rowCount: exports.rowCount })
        .from(exports)
        .all(),
    ).toEqual([{ kind: "rlvr", format: "verl", rowCount: 12 }]);
  });
});

describe("JSONL RLVR formats", () => {
  it.each([
    ["trl-prompt", "prompt", "autoif_reward_trl.py"],
    ["openrlhf", "input", "autoif_reward_openrlhf.py"],
  ] as const)(
    "%s: one line per prompt, the chat list and the label, valid by its schema",
    (format, field, functionFile) => {
      const out = rlvrExportToFile(
        t.db,
        { projectId: fx.projectId, format },
        path.join(dir, "x.jsonl"),
      );
      const lines = fs
        .readFileSync(out.filePath, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => rlvrRowSchemas[format].parse(l))).toHaveLength(12);
      expect(lines).toEqual(
        expectedRows().map((r) => ({
          [field]: [{ role: "user", content: r.prompt }],
          label: r.key,
        })),
      );
      expect(path.basename(out.rewardFunctionPath)).toBe(functionFile);
    },
  );
});

describe("RLVR exports and the split", () => {
  it("leave out the test instructions, and the manifest says how many", () => {
    let seed = 0;
    const side = (s: number, i: number) =>
      splitSide({ seed: s, testFraction: 0.5 }, fx.instructions[i]!.hash);
    while (!(
      side(seed, 1) === "test" &&
      side(seed, 0) === "train" &&
      side(seed, 5) === "train" &&
      side(seed, 6) === "train"
    ))
      seed++;
    setSplit(t.db, fx.projectId, { seed, testFraction: 0.5 });
    const job = buildRlvrExport(t.db, { projectId: fx.projectId, format: "openrlhf" });
    const lines = new TextDecoder()
      .decode(job.bytes)
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { label: string });
    expect(new Set(lines.map((l) => l.label))).toEqual(new Set([keyOf(0), keyOf(5), keyOf(6)]));
    const heldOut = fx.instructions.filter(
      (i) => splitSide({ seed, testFraction: 0.5 }, i.hash) === "test",
    ).length;
    expect(job.manifest.split).toEqual({
      seed,
      testFraction: 0.5,
      version: 1,
      heldOutInstructions: heldOut,
    });
    expect(job.manifest.counts.at(-1)).toEqual({
      step: "split",
      label: expect.stringMatching(/held-out test instructions? left out/),
      rows: 9,
    });
  });

  it("an export that would hold nothing writes nothing and names the step that emptied it", () => {
    expect(() =>
      rlvrExportToFile(
        t.db,
        { projectId: fx.projectId, format: "verl", review: "approved-only" },
        path.join(dir, "none.parquet"),
      ),
    ).toThrow(
      'Nothing to export: no prompt is left after the step "instruction reviewer-approved".',
    );
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(t.db.select().from(exports).all()).toEqual([]);
  });

  it("names a bad format, system prompt or reward URL", () => {
    expect(() => buildRlvrExport(t.db, { projectId: fx.projectId, format: "parquet" })).toThrow(
      /format: "parquet" is not an RLVR format \(verl, trl-prompt, openrlhf\)/,
    );
    expect(() =>
      buildRlvrExport(t.db, { projectId: fx.projectId, format: "verl", rewardUrl: "ftp://x" }),
    ).toThrow(/rewardUrl: "ftp:\/\/x" is not an http\(s\) URL/);
    expect(() =>
      buildRlvrExport(t.db, {
        projectId: fx.projectId,
        format: "verl",
        systemPrompt: "x".repeat(20_001),
      }),
    ).toThrow(/systemPrompt: A system prompt has at most 20,000 characters/);
  });
});
