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
    const counts = await api.export.count({ projectId: fx.project.id, kind: "sft", filters: exportFiltersSchema.parse({ review: "approved-only" }) });
    expect(counts.at(-1)).toMatchObject({ step: "passRate", rows: 1 });
    const dpo = await api.export.count({ projectId: fx.project.id, kind: "dpo", filters: exportFiltersSchema.parse({}) });
    expect(dpo.map((c) => c.rows)).toEqual([7, 6, 4, 3, 3, 3]);
  });

  it("streams a download, then lists it with its manifest", async () => {
    const params = new URLSearchParams({ format: "openai-chat", filters: JSON.stringify({ minScore: 9 }) });
    const res = exportResponse(t.db, fx.project.id, params);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="export-fixture-openai-chat-\d{8}-\d{6}\.jsonl"/);
    expect(await api.export.list({ projectId: fx.project.id })).toHaveLength(0);
    const body = await res.text();
    expect(body.trim().split("\n")).toHaveLength(2);
    const [listed] = await api.export.list({ projectId: fx.project.id });
    expect(listed).toMatchObject({ kind: "sft", format: "openai-chat", rowCount: 2, filePath: null });
    expect(exportManifestSchema.parse(listed!.manifest).filters.minScore).toBe(9);
  });

  it("records nothing when the client stops reading part way", async () => {
    const res = exportResponse(t.db, fx.project.id, new URLSearchParams({ format: "alpaca" }));
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(await api.export.list({ projectId: fx.project.id })).toHaveLength(0);
  });

  it("answers a bad request with the field at fault, and an unknown project with 404", async () => {
    const bad = exportResponse(t.db, fx.project.id, new URLSearchParams({ format: "csv" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: Array<{ field: string }> }).problems[0]!.field).toBe("format");
    const badJson = exportResponse(t.db, fx.project.id, new URLSearchParams({ format: "alpaca", filters: "{" }));
    expect(badJson.status).toBe(400);
    expect(exportResponse(t.db, 9999, new URLSearchParams({ format: "alpaca" })).status).toBe(404);
  });

  it("adds, lists and deletes benchmark files, with a bad line reported at its line", async () => {
    const added = await api.export.addBenchmark({ projectId: fx.project.id, name: "eval.jsonl", content: '{"text": "a b c"}\n' });
    expect(added.textField).toBe("text");
    await expect(api.export.addBenchmark({ projectId: fx.project.id, name: "bad.jsonl", content: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await api.export.benchmarks({ projectId: fx.project.id })).toHaveLength(1);
    await api.export.deleteBenchmark({ projectId: fx.project.id, id: added.id });
    expect(await api.export.benchmarks({ projectId: fx.project.id })).toHaveLength(0);
  });
});
