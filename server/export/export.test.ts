import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import { exportFiltersSchema, type ExportFilters } from "@/lib/formats/exportRequest";
import { DPO_FORMATS, SFT_FORMATS, UNPAIRED_FORMATS, formatById } from "@/lib/formats/formats";
import { exportManifestSchema } from "@/lib/formats/manifest";
import { setGuidelines } from "../services/guidelines";
import { startExport } from "./exportJob";
import { exportToFile } from "./exportToFile";
import { countByFilter } from "./rowQuery";
import { buildExportFixture, HOSTILE_QUERY, HOSTILE_RESPONSE } from "./testing/exportFixture";

let t: ReturnType<typeof createTestDb>;
let fx: ReturnType<typeof buildExportFixture>;
beforeEach(() => {
  t = createTestDb();
  fx = buildExportFixture(t.db);
});
afterEach(() => t.cleanup());

async function run(format: string, filters: Partial<ExportFilters> = {}, systemPrompt?: string) {
  const job = startExport(
    t.db,
    {
      projectId: fx.project.id,
      format,
      filters: exportFiltersSchema.parse(filters),
      contamination: { benchmarkIds: [], action: "exclude" },
      systemPrompt,
    },
    { batchSize: 2 },
  );
  const parts: Buffer[] = [];
  for await (const chunk of job.chunks()) parts.push(chunk);
  const text = Buffer.concat(parts).toString("utf8");
  const lines =
    text === ""
      ? []
      : text
          .slice(0, -1)
          .split("\n")
          .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { job, text, lines, ...job.complete(null) };
}

const sftKey = (lines: Array<Record<string, unknown>>) => lines.map((l) => l.output as string);

describe("SFT export", () => {
  const text = (keys: string[]) =>
    keys.map(
      (k) =>
        ({
          r1: "paris.",
          r2: "the capital is paris.",
          r5: "it is paris",
          r6: HOSTILE_RESPONSE,
          r4: "PARIS",
          r8: "Paris. done",
          r9: "OWLS HOOT",
        })[k],
    );
  it.each([
    ["pipeline-kept, not rejected (default)", {}, ["r1", "r2", "r6"]],
    ["reviewer-approved only", { review: "approved-only" }, ["r2"]],
    ["kept or approved overrides", { pipeline: "kept-or-approved" }, ["r1", "r2", "r5", "r6"]],
    ["any pipeline status", { pipeline: "any" }, ["r1", "r2", "r4", "r5", "r6", "r9"]],
    [
      "kept and dropped instructions",
      { instructionStatus: ["kept", "dropped"] },
      ["r1", "r2", "r6", "r8"],
    ],
    ["score at least 9", { minScore: 9 }, ["r1", "r6"]],
    [
      "any status, score at least 9 (unscored left out)",
      { pipeline: "any", minScore: 9 },
      ["r1", "r6"],
    ],
    ["pass rate at most 0.8", { maxPassRate: 0.8 }, ["r2"]],
  ] as const)("%s holds exactly the expected rows", async (_name, filters, expected) => {
    const out = await run("alpaca", filters as Partial<ExportFilters>);
    expect(sftKey(out.lines)).toEqual(text([...expected]));
    expect(out.manifest.file.rows).toBe(expected.length);
    expect(out.manifest.counts.at(-1)!.rows).toBe(expected.length);
  });

  it("never writes a reviewer-rejected response, or any response of a rejected instruction", async () => {
    const out = await run("alpaca", {
      pipeline: "any",
      instructionStatus: ["kept", "pending", "dropped"],
    });
    const outputs = sftKey(out.lines);
    expect(outputs).not.toContain("paris, of course.");
    expect(outputs).not.toContain("- a\n- b\n- c");
  });

  it.each(SFT_FORMATS.map((f) => f.id))(
    "%s: every line validates and hostile text survives byte for byte",
    async (id) => {
      const out = await run(id);
      const schema = formatById(id)!.schema;
      for (const line of out.lines) expect(schema.parse(line)).toEqual(line);
      expect(out.text).toContain(
        JSON.stringify(sftPrompt(HOSTILE_QUERY, "answer in all lowercase letters")),
      );
      expect(out.text).toContain(JSON.stringify(HOSTILE_RESPONSE));
      expect(out.text.split("\n")).toHaveLength(out.lines.length + 1);
    },
  );
});

describe("DPO export", () => {
  const pairsOf = (lines: Array<Record<string, unknown>>) =>
    lines.map((l) => `${l.chosen as string} > ${l.rejected as string}`);
  it.each([
    [
      "default",
      {},
      ["paris. > PARIS", "the capital is paris. > PARIS", `${HOSTILE_RESPONSE} > OWLS HOOT`],
    ],
    ["approved only", { review: "approved-only" }, ["the capital is paris. > PARIS"]],
    [
      "kept or approved",
      { pipeline: "kept-or-approved" },
      [
        "paris. > PARIS",
        "the capital is paris. > PARIS",
        `${HOSTILE_RESPONSE} > OWLS HOOT`,
        "paris. > it is paris",
      ],
    ],
    [
      "chosen score at least 9",
      { minScore: 9 },
      ["paris. > PARIS", `${HOSTILE_RESPONSE} > OWLS HOOT`],
    ],
    [
      "dropped instructions too",
      { instructionStatus: ["kept", "dropped"] },
      [
        "paris. > PARIS",
        "the capital is paris. > PARIS",
        `${HOSTILE_RESPONSE} > OWLS HOOT`,
        "Paris. done > Paris.",
      ],
    ],
  ] as const)(
    "%s holds exactly the expected pairs, never a rejected pair or chosen response",
    async (_n, filters, expected) => {
      const out = await run("alpaca-preference", filters as Partial<ExportFilters>);
      expect(pairsOf(out.lines)).toEqual(expected);
    },
  );

  it.each(DPO_FORMATS.map((f) => f.id))(
    "%s: every line validates against the format's schema",
    async (id) => {
      const out = await run(id);
      expect(out.lines).toHaveLength(3);
      for (const line of out.lines) expect(formatById(id)!.schema.parse(line)).toEqual(line);
      expect(out.text).toContain(JSON.stringify(HOSTILE_RESPONSE));
    },
  );
});

describe("KTO export", () => {
  it("writes each response of a sample once, chosen ones desirable and rejected ones not, every line valid", async () => {
    const out = await run("kto");
    for (const line of out.lines) expect(formatById("kto")!.schema.parse(line)).toEqual(line);
    const tagged = out.lines.map(
      (l) => `${(l.conversations as Array<{ value: string }>)[1]!.value} ${String(l.kto_tag)}`,
    );
    // Two pairs of one sample share their rejected "PARIS": it is written once.
    expect(tagged).toEqual([
      "paris. true",
      "PARIS false",
      "the capital is paris. true",
      `${HOSTILE_RESPONSE} true`,
      "OWLS HOOT false",
    ]);
    expect(out.manifest.file.rows).toBe(5);
    expect(out.manifest.counts.at(-1)!.rows).toBe(3);
    expect(out.manifest.datasetInfo).toEqual({
      [out.manifest.file.name.replace(/\.jsonl$/, "")]: expect.objectContaining({
        formatting: "sharegpt",
        columns: { messages: "conversations", kto_tag: "kto_tag" },
      }),
    });
  });
});

describe("system prompt", () => {
  it.each(
    [...SFT_FORMATS, ...DPO_FORMATS, ...UNPAIRED_FORMATS]
      .filter((f) => f.systemSlot)
      .map((f): string => f.id),
  )("%s writes it on every line, valid, and records it", async (id) => {
    const system = 'Answer as a "careful" assistant.\nNo HTML: <b>';
    const out = await run(id, {}, `  ${system} `);
    expect(out.lines.length).toBeGreaterThan(0);
    for (const line of out.lines) {
      expect(formatById(id)!.schema.parse(line)).toEqual(line);
      expect(JSON.stringify(line)).toContain(JSON.stringify(system));
    }
    expect(out.manifest.systemPrompt).toBe(system);
    const entry = out.manifest.datasetInfo ? Object.values(out.manifest.datasetInfo)[0]! : null;
    if (entry) expect(entry.columns.system).toBe("system");
  });
});

describe("empty export", () => {
  const request = (filters: Partial<ExportFilters>, format = "alpaca") => ({
    projectId: fx.project.id,
    format,
    filters: exportFiltersSchema.parse(filters),
  });
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-empty-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes no file and registers nothing, naming the filter that removed everything; an older file under the name stays", async () => {
    const target = path.join(dir, "sft.jsonl");
    fs.writeFileSync(target, "older\n");
    await expect(
      exportToFile(t.db, request({ minScore: 10, maxScore: 10 }), target),
    ).rejects.toThrow(
      'Nothing to export: the filter "score 10 to 10" left 0 of the 3 responses left by "instruction status kept".',
    );
    expect(fs.readdirSync(dir)).toEqual(["sft.jsonl"]);
    expect(fs.readFileSync(target, "utf8")).toBe("older\n");
    expect(t.db.$client.prepare("select count(*) as n from exports").get()).toEqual({ n: 0 });
  });

  it("with allowEmpty writes the empty file and its manifest but never a dataset_info.json entry", async () => {
    fs.writeFileSync(path.join(dir, "dataset_info.json"), '{"mine": {"file_name": "mine.json"}}');
    const out = await exportToFile(
      t.db,
      request({ review: "approved-only", minPassRate: 1 }, "sharegpt-preference"),
      path.join(dir, "dpo.jsonl"),
      { allowEmpty: true },
    );
    expect(fs.readFileSync(out.filePath, "utf8")).toBe("");
    expect(out.manifest).toMatchObject({ file: { rows: 0, bytes: 0 }, datasetInfo: null });
    expect(out.datasetInfoPath).toBeNull();
    expect(fs.readFileSync(path.join(dir, "dataset_info.json"), "utf8")).toBe(
      '{"mine": {"file_name": "mine.json"}}',
    );
  });
});

describe("manifest", () => {
  it("explains the numbers: counts per filter, runs, verifiers, reviews, prompts, hash", async () => {
    const out = await run("sharegpt");
    const m = exportManifestSchema.parse(out.manifest);
    expect(m.counts.map((c) => [c.step, c.rows])).toEqual([
      ["all", 10],
      ["pipeline", 6],
      ["review", 4],
      ["instruction", 3],
      ["score", 3],
      ["passRate", 3],
    ]);
    // The studio's preview counts in its own query; the file's scan must agree with it.
    expect(m.counts).toEqual(countByFilter(t.db, fx.project.id, "sft", m.filters));
    expect(m.runs).toEqual([
      expect.objectContaining({ id: fx.run.id, rows: 2, configHash: fx.run.configHash }),
    ]);
    expect(m.runs[0]!.thresholds["execute.sftPassRateThreshold"]).toBe(0.5);
    expect(m.rowsWithoutRun).toBe(1);
    expect(m.verifiers).toEqual({ instructions: 1, kept: 2, byVersion: { "1": 1, "2": 1 } });
    expect(m.review).toEqual({
      reviewed: 3,
      pipelineAgreement: 1 / 3,
      multiReviewed: 2,
      interReviewerAgreement: 0.5,
    });
    expect(m.promptVersions["verify-gen"]).toBeGreaterThanOrEqual(1);
    expect(m.file.sha256).toBe(createHash("sha256").update(out.text).digest("hex"));
    expect(m.file.bytes).toBe(Buffer.byteLength(out.text));
    expect(m.datasetInfo).not.toBeNull();
    expect(m.guidelines).toBeNull();
  });

  it("carries the project's annotation guidelines as they stood when the file was written", async () => {
    const text =
      "# Labelling\n\nA response **follows** when every sentence is lowercase. <b>not html</b>";
    const saved = setGuidelines(t.db, { projectId: fx.project.id, text, basedOn: null });
    const m = exportManifestSchema.parse((await run("alpaca")).manifest);
    expect(m.guidelines).toEqual({
      text,
      sha256: createHash("sha256").update(text).digest("hex"),
      updatedAt: new Date(saved.updatedAt!).toISOString(),
    });
    // Guidelines of only blank lines are none.
    setGuidelines(t.db, { projectId: fx.project.id, text: " \n\n", basedOn: saved.updatedAt });
    expect(exportManifestSchema.parse((await run("alpaca")).manifest).guidelines).toBeNull();
  });

  it("writes the file, the manifest beside it and the dataset_info.json entry, keeping other entries", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-export-"));
    try {
      fs.writeFileSync(
        path.join(dir, "dataset_info.json"),
        JSON.stringify({ mine: { file_name: "mine.json" } }),
      );
      const out = await exportToFile(
        t.db,
        {
          projectId: fx.project.id,
          format: "alpaca-preference",
          filters: exportFiltersSchema.parse({}),
          contamination: { benchmarkIds: [], action: "exclude" },
        },
        path.join(dir, "autoif_dpo.jsonl"),
      );
      const bytes = fs.readFileSync(out.filePath);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(out.manifest.file.sha256);
      expect(
        JSON.parse(fs.readFileSync(path.join(dir, "autoif_dpo.manifest.json"), "utf8")),
      ).toEqual(out.manifest);
      const info = JSON.parse(
        fs.readFileSync(path.join(dir, "dataset_info.json"), "utf8"),
      ) as Record<string, { file_name: string; ranking?: boolean }>;
      expect(info.mine!.file_name).toBe("mine.json");
      expect(info.autoif_dpo).toMatchObject({ file_name: "autoif_dpo.jsonl", ranking: true });
      expect(fs.readdirSync(dir).some((f) => f.includes(".partial-"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
