import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rewardRequests } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { setSplit } from "../../services/splits";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
});
afterEach(() => t.cleanup());

describe("rewards router", () => {
  it("summarises the project's reward requests, newest first, and its split", async () => {
    const { id } = await api.project.create({ name: "Served" });
    const other = await api.project.create({ name: "Other" });
    expect(await api.rewards.summary({ projectId: id })).toMatchObject({
      totals: { requests: 0, items: 0, meanReward: null },
      recent: [],
      split: null,
    });
    const row = {
      origin: "serve" as const,
      labels: 1,
      unscored: 0,
      unknownLabels: 0,
      heldOut: 0,
      evaluations: 6,
      verifierErrors: 0,
      durationMs: 12,
    };
    t.db
      .insert(rewardRequests)
      .values({ ...row, projectId: id, status: 200, items: 2, meanReward: 1 })
      .run();
    t.db
      .insert(rewardRequests)
      .values({ ...row, projectId: id, status: 200, items: 6, meanReward: 0.5, unscored: 1 })
      .run();
    t.db
      .insert(rewardRequests)
      .values({
        ...row,
        projectId: id,
        status: 400,
        items: 0,
        meanReward: null,
        evaluations: 0,
        message: "The lists differ in length",
      })
      .run();
    t.db
      .insert(rewardRequests)
      .values({ ...row, projectId: other.id, status: 200, items: 100, meanReward: 0 })
      .run();
    setSplit(t.db, id, { seed: 1, testFraction: 0.2 });
    const summary = await api.rewards.summary({ projectId: id });
    expect(summary.totals).toMatchObject({
      requests: 3,
      refused: 1,
      items: 8,
      unscored: 1,
      evaluations: 12,
    });
    expect(summary.totals.meanReward).toBeCloseTo((2 * 1 + 6 * 0.5) / 8);
    expect(summary.recent.map((r) => [r.status, r.items, r.message])).toEqual([
      [400, 0, "The lists differ in length"],
      [200, 6, null],
      [200, 2, null],
    ]);
    expect(summary.split).toMatchObject({ seed: 1, testFraction: 0.2 });
    await expect(api.rewards.summary({ projectId: 9999 })).rejects.toThrow(/does not exist/);
  });
});
