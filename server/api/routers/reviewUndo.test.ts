import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { createTestDb } from "@/db/testing/testDb";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let projectId: number;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  projectId = seedReviewData(t.db, { projectName: "Undo", responses: 160 }).projectId;
});
afterEach(() => t.cleanup());

const all = { sort: "id" } as const;
const statuses = async (filter: object = all) =>
  (await api.response.page({ projectId, filter: { ...all, ...filter }, limit: 500 })).map(
    (r) => [r.id, r.reviewStatus] as const,
  );
const reviewRows = () =>
  t.db.$client.prepare("select count(*) n from reviews").get() as { n: number };

describe("undo", () => {
  it("takes back a bulk verdict as one unit: each item gets the status it had before, and the history says undo", async () => {
    const [a, b] = await api.response.page({ projectId, filter: all, limit: 2 });
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [a!.id],
      verdict: "approve",
      reviewer: "ada",
    });
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [b!.id],
      verdict: "reject",
      reviewer: "ada",
    });
    const before = await statuses();
    const n = await api.response.count({ projectId, filter: all });
    const bulk = await api.review.bulkResponses({
      projectId,
      filter: all,
      expectedCount: n,
      verdict: "reject",
      reviewer: "bo",
    });
    expect(bulk.count).toBe(160);
    expect((await statuses()).every(([, s]) => s === "rejected")).toBe(true);

    const undone = await api.review.undo({ projectId, batchId: bulk.batchId, reviewer: "bo" });
    expect(undone).toMatchObject({ restored: 160, skipped: 0 });
    expect(await statuses()).toEqual(before);
    const history = await api.review.history({ projectId, itemKind: "response", itemId: a!.id });
    expect(history.map((h) => [h.verdict, h.reason, h.reviewer, h.undo])).toEqual([
      ["approve", "undo", "bo", 1],
      ["reject", null, "bo", 0],
      ["approve", null, "ada", 0],
    ]);
    expect(history[1]!.batchSize).toBe(160);
    // The same verdict cannot be undone twice.
    await expect(
      api.review.undo({ projectId, batchId: bulk.batchId, reviewer: "bo" }),
    ).rejects.toThrow(/Nothing to undo/);
  });

  it("undoes a bulk verdict over more items than one statement holds (1,200 responses)", async () => {
    const big = seedReviewData(t.db, { projectName: "Big", responses: 1200 }).projectId;
    const bulk = await api.review.bulkResponses({
      projectId: big,
      filter: all,
      expectedCount: 1200,
      verdict: "approve",
      reviewer: "ada",
    });
    expect(
      await api.response.count({ projectId: big, filter: { ...all, review: "approved" } }),
    ).toBe(1200);
    expect(
      await api.review.undo({ projectId: big, batchId: bulk.batchId, reviewer: "ada" }),
    ).toMatchObject({ restored: 1200, skipped: 0 });
    expect(
      await api.response.count({ projectId: big, filter: { ...all, review: "unreviewed" } }),
    ).toBe(1200);
  });

  it("leaves an item another reviewer changed since, and says how many it left", async () => {
    const rows = await api.response.page({ projectId, filter: all, limit: 3 });
    const ids = rows.map((r) => r.id);
    const mine = await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: ids,
      verdict: "reject",
      reviewer: "ada",
    });
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [ids[1]!],
      verdict: "approve",
      reviewer: "bo",
    });
    expect(
      await api.review.undo({ projectId, batchId: mine.batchId, reviewer: "ada" }),
    ).toMatchObject({ restored: 2, skipped: 1 });
    expect((await statuses()).slice(0, 3).map(([, s]) => s)).toEqual([
      "unreviewed",
      "approved",
      "unreviewed",
    ]);
  });

  it("undoes twice on one item: each undo makes the verdict before it current again", async () => {
    const [a] = await api.response.page({ projectId, filter: all, limit: 1 });
    const first = await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [a!.id],
      verdict: "approve",
      reviewer: "ada",
    });
    const second = await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [a!.id],
      verdict: "reject",
      reviewer: "ada",
    });
    await api.review.undo({ projectId, batchId: second.batchId, reviewer: "ada" });
    expect((await statuses())[0]![1]).toBe("approved");
    await api.review.undo({ projectId, batchId: first.batchId, reviewer: "ada" });
    expect((await statuses())[0]![1]).toBe("unreviewed");
    await expect(
      api.review.undo({ projectId, batchId: first.batchId, reviewer: "ada" }),
    ).rejects.toThrow(/Nothing to undo/);
  });

  it("undoes a verdict on a pair", async () => {
    const [p] = await api.pair.page({ projectId, filter: {}, limit: 1 });
    const v = await api.review.record({
      projectId,
      itemKind: "pair",
      itemIds: [p!.id],
      verdict: "reject",
      reviewer: "ada",
    });
    await api.review.undo({ projectId, batchId: v.batchId, reviewer: "ada" });
    expect((await api.pair.page({ projectId, filter: {}, limit: 1 }))[0]!.reviewStatus).toBe(
      "unreviewed",
    );
  });

  it("refuses another project's verdict and an id that names no verdict", async () => {
    const other = seedReviewData(t.db, { projectName: "Other", responses: 8 }).projectId;
    const v = await api.review.bulkResponses({
      projectId: other,
      filter: all,
      expectedCount: 8,
      verdict: "reject",
      reviewer: "ada",
    });
    await expect(
      api.review.undo({ projectId, batchId: v.batchId, reviewer: "ada" }),
    ).rejects.toThrow(/not in this project/);
    await expect(
      api.review.undo({
        projectId,
        batchId: "00000000-0000-4000-8000-000000000000",
        reviewer: "ada",
      }),
    ).rejects.toThrow(/not in this project/);
    expect(
      await api.response.count({ projectId: other, filter: { ...all, review: "rejected" } }),
    ).toBe(8);
  });
});

describe("what a bulk verdict costs the export", () => {
  const filters = exportFiltersSchema.parse({});
  const exportRows = async (kind: "sft" | "dpo") =>
    (await api.export.count({ projectId, kind, filters })).at(-1)!.rows;

  it("says what a bulk reject removes from the default export, the export's own count after it, and writes nothing", async () => {
    const filter = { ...all, pipeline: "kept" as const, passMin: 0.9 };
    const [sft, dpo, rows] = [await exportRows("sft"), await exportRows("dpo"), reviewRows().n];
    const impact = await api.review.bulkImpact({ projectId, filter, verdict: "reject" });
    expect(reviewRows().n).toBe(rows);
    expect(await exportRows("sft")).toBe(sft);
    expect(impact.count).toBe(await api.response.count({ projectId, filter }));
    expect(impact.sft.before).toBe(sft);
    expect(impact.dpo.before).toBe(dpo);
    expect(impact.sft.after).toBeLessThan(impact.sft.before);
    // A pair leaves the DPO export when its chosen response is rejected.
    expect(impact.dpo.after).toBeLessThan(impact.dpo.before);

    await api.review.bulkResponses({
      projectId,
      filter,
      expectedCount: impact.count,
      verdict: "reject",
      reviewer: "ada",
    });
    expect(await exportRows("sft")).toBe(impact.sft.after);
    expect(await exportRows("dpo")).toBe(impact.dpo.after);
  });

  it("counts a filter that matches nothing as no change", async () => {
    const impact = await api.review.bulkImpact({
      projectId,
      filter: { ...all, search: "no response says this" },
      verdict: "reject",
    });
    expect(impact.count).toBe(0);
    expect(impact.sft.after).toBe(impact.sft.before);
    expect(impact.dpo.after).toBe(impact.dpo.before);
  });
});
