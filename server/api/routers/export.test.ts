import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { exportManifestSchema } from "@/lib/formats/manifest";
import { exportResponse } from "../../export/exportResponse";
import { buildExportFixture } from "../../export/testing/exportFixture";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let fx: ReturnType<typeof buildExportFixture>;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  fx = buildExportFixture(t.db);
});
afterEach(() => t.cleanup());

describe("export router and download", () => {
  it("counts rows per filter step before exporting", async () => {
    const counts = await api.export.count({
      projectId: fx.project.id,
      kind: "sft",
      filters: exportFiltersSchema.parse({ review: "approved-only" }),
    });
    expect(counts.at(-1)).toMatchObject({ step: "passRate", rows: 1 });
    const dpo = await api.export.count({
      projectId: fx.project.id,
      kind: "dpo",
      filters: exportFiltersSchema.parse({}),
    });
    expect(dpo.map((c) => c.rows)).toEqual([7, 6, 4, 3, 3, 3]);
  });

  it("streams a download, then lists it with its manifest", async () => {
    const params = new URLSearchParams({
      format: "openai-chat",
      filters: JSON.stringify({ minScore: 9 }),
    });
    const res = await exportResponse(t.db, fx.project.id, params);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(
      /attachment; filename="export-fixture-openai-chat-\d{8}-\d{6}\.jsonl"/,
    );
    expect(await api.export.list({ projectId: fx.project.id })).toHaveLength(0);
    const body = await res.text();
    expect(body.trim().split("\n")).toHaveLength(2);
    const [listed] = await api.export.list({ projectId: fx.project.id });
    expect(listed).toMatchObject({
      kind: "sft",
      format: "openai-chat",
      rowCount: 2,
      filePath: null,
    });
    expect(exportManifestSchema.parse(listed!.manifest).filters.minScore).toBe(9);
  });

  it("records nothing when the client stops reading part way", async () => {
    const res = await exportResponse(
      t.db,
      fx.project.id,
      new URLSearchParams({ format: "alpaca" }),
    );
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(await api.export.list({ projectId: fx.project.id })).toHaveLength(0);
  });

  it("answers a bad request with the field at fault, and an unknown project with 404", async () => {
    const bad = await exportResponse(t.db, fx.project.id, new URLSearchParams({ format: "csv" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: Array<{ field: string }> }).problems[0]!.field).toBe(
      "format",
    );
    const badJson = await exportResponse(
      t.db,
      fx.project.id,
      new URLSearchParams({ format: "alpaca", filters: "{" }),
    );
    expect(badJson.status).toBe(400);
    expect(
      (await exportResponse(t.db, 9999, new URLSearchParams({ format: "alpaca" }))).status,
    ).toBe(404);
  });

  it("refuses a download that would be empty, naming the filter, unless allowEmpty=1", async () => {
    const filters = JSON.stringify({ minScore: 10, maxScore: 10 });
    const refused = await exportResponse(
      t.db,
      fx.project.id,
      new URLSearchParams({ format: "alpaca", filters }),
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe(
      'Nothing to export: the filter "score 10 to 10" left 0 of the 3 responses left by "instruction status kept".',
    );
    expect(await api.export.list({ projectId: fx.project.id })).toHaveLength(0);

    const allowed = await exportResponse(
      t.db,
      fx.project.id,
      new URLSearchParams({ format: "alpaca", filters, allowEmpty: "1" }),
    );
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe("");
    const [listed] = await api.export.list({ projectId: fx.project.id });
    expect(listed).toMatchObject({ rowCount: 0 });
    expect(listed!.manifest.datasetInfo).toBeNull();
  });

  it("previews the first lines of the chosen format, filters and system prompt, recording nothing", async () => {
    const preview = await api.export.preview({
      projectId: fx.project.id,
      format: "openai-chat",
      filters: exportFiltersSchema.parse({}),
      systemPrompt: "Be exact.",
      limit: 2,
    });
    expect(preview.lines).toHaveLength(2);
    const first = JSON.parse(preview.lines[0]!) as {
      messages: Array<{ role: string; content: string }>;
    };
    expect(first.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(first.messages[0]!.content).toBe("Be exact.");
    // The same bytes as the file's first lines.
    const file = await (
      await exportResponse(
        t.db,
        fx.project.id,
        new URLSearchParams({ format: "openai-chat", systemPrompt: "Be exact." }),
      )
    ).text();
    expect(file.split("\n").slice(0, 2)).toEqual(preview.lines);
    expect(await api.export.list({ projectId: fx.project.id })).toHaveLength(1);

    const empty = await api.export.preview({
      projectId: fx.project.id,
      format: "kto",
      filters: exportFiltersSchema.parse({ minPassRate: 1, maxPassRate: 0 }),
      limit: 5,
    });
    expect(empty).toMatchObject({
      lines: [],
      emptyReason: expect.stringMatching(
        /^Nothing to export: the filter "chosen pass rate 1 to 0" left 0 of the 3 pairs/,
      ),
    });
    await expect(
      api.export.preview({
        projectId: fx.project.id,
        format: "trl-preference",
        systemPrompt: "x",
        limit: 5,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("adds, lists and deletes benchmark files, with a bad line reported at its line", async () => {
    const added = await api.export.addBenchmark({
      projectId: fx.project.id,
      name: "eval.jsonl",
      content: '{"text": "a b c"}\n',
    });
    expect(added.textField).toBe("text");
    await expect(
      api.export.addBenchmark({ projectId: fx.project.id, name: "bad.jsonl", content: "nope" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await api.export.benchmarks({ projectId: fx.project.id })).toHaveLength(1);
    await api.export.deleteBenchmark({ projectId: fx.project.id, id: added.id });
    expect(await api.export.benchmarks({ projectId: fx.project.id })).toHaveLength(0);
  });
});
