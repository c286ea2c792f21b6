import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let projectId: number;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  projectId = seedReviewData(t.db, { projectName: "Stats", responses: 160 }).projectId;
});
afterEach(() => t.cleanup());

const all = { sort: "id" } as const;

describe("review progress", () => {
  it("counts items with a standing verdict of each kind: a cleared or undone one is not reviewed", async () => {
    const start = await api.review.progress({ projectId });
    expect(start.responses).toEqual({ reviewed: 0, total: 160 });
    expect(start.pairs.reviewed).toBe(0);
    expect(start.pairs.total).toBe(await api.pair.count({ projectId, filter: {} }));
    expect(start.instructions).toEqual({ reviewed: 0, total: 2 });
    const ids = (await api.response.page({ projectId, filter: all, limit: 3 })).map((r) => r.id);
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: ids,
      verdict: "approve",
      reviewer: "ada",
    });
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [ids[0]!],
      verdict: "clear",
      reviewer: "ada",
    });
    const v = await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [ids[1]!],
      verdict: "reject",
      reviewer: "ada",
    });
    expect((await api.review.progress({ projectId })).responses.reviewed).toBe(2);
    await api.review.undo({ projectId, batchId: v.batchId, reviewer: "ada" });
    expect((await api.review.progress({ projectId })).responses.reviewed).toBe(2); // back to approved
    const [pair] = await api.pair.page({ projectId, filter: {}, limit: 1 });
    await api.review.record({
      projectId,
      itemKind: "pair",
      itemIds: [pair!.id],
      verdict: "reject",
      reviewer: "bo",
    });
    expect((await api.review.progress({ projectId })).pairs.reviewed).toBe(1);
  });
});

describe("review stats", () => {
  it("counts verdicts per reviewer, bulk verdicts apart, undone ones, and the median time per item without breaks", async () => {
    const ids = (await api.response.page({ projectId, filter: all, limit: 6 })).map((r) => r.id);
    const batches = [];
    for (const [i, id] of ids.slice(0, 5).entries()) {
      batches.push(
        (
          await api.review.record({
            projectId,
            itemKind: "response",
            itemIds: [id],
            verdict: i === 2 ? "reject" : "approve",
            reviewer: "ada",
          })
        ).batchId,
      );
    }
    // ada's verdicts at 0 s, 10 s, 30 s, then a 20-minute break, then 5 s later.
    const t0 = 1_800_000_000_000;
    const at = [0, 10_000, 30_000, 30_000 + 20 * 60_000, 30_000 + 20 * 60_000 + 5_000];
    const set = t.db.$client.prepare("update reviews set created_at = ? where batch_id = ?");
    batches.forEach((b, i) => set.run(t0 + at[i]!, b));
    await api.review.undo({ projectId, batchId: batches[4]!, reviewer: "ada" });
    const n = await api.response.count({ projectId, filter: { ...all, pipeline: "dropped" } });
    await api.review.bulkResponses({
      projectId,
      filter: { ...all, pipeline: "dropped" },
      expectedCount: n,
      verdict: "reject",
      reviewer: "bo",
    });

    const stats = await api.review.stats({ projectId });
    const ada = stats.find((s) => s.reviewer === "ada")!;
    const bo = stats.find((s) => s.reviewer === "bo")!;
    expect(ada).toMatchObject({
      approve: 4,
      reject: 1,
      clear: 0,
      undone: 1,
      bulk: 0,
      bulkItems: 0,
      timedItems: 3,
    });
    expect(ada.medianSeconds).toBe(10); // gaps 10 s, 20 s and 5 s; the break is left out
    expect(bo).toMatchObject({
      reject: n,
      bulk: 1,
      bulkItems: n,
      medianSeconds: null,
      timedItems: 0,
    });
    expect(stats[0]!.reviewer).toBe(n > 5 ? "bo" : "ada");
  });

  it("is empty for a project without verdicts, and another project's verdicts do not count", async () => {
    const other = seedReviewData(t.db, { projectName: "Other", responses: 8 }).projectId;
    await api.review.bulkResponses({
      projectId: other,
      filter: all,
      expectedCount: 8,
      verdict: "approve",
      reviewer: "ada",
    });
    expect(await api.review.stats({ projectId })).toEqual([]);
  });
});
