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
  projectId = seedReviewData(t.db, { projectName: "Review", responses: 160 }).projectId;
});
afterEach(() => t.cleanup());

const all = { sort: "id" } as const;

describe("response list", () => {
  it("pages every response of the project once, with its sample's texts and verifier outcomes", async () => {
    const total = await api.response.count({ projectId, filter: all });
    expect(total).toBe(160);
    const first = await api.response.page({ projectId, filter: all, offset: 0, limit: 100 });
    const rest = await api.response.page({ projectId, filter: all, offset: 100, limit: 100 });
    const ids = [...first, ...rest].map((r) => r.id);
    expect(new Set(ids).size).toBe(160);
    expect(first[0]!.outcomes).toHaveLength(3);
    expect(first[0]!.query).toMatch(/^Query 1\.1/);
    expect(first[0]!.instruction).toMatch(/exactly \d sentences/);
  });

  it("filters by pipeline status, drop-reason kind, pass-rate and score ranges, and agrees with its count", async () => {
    const filter = { ...all, pipeline: "dropped" as const, reason: "pass rate", passMax: 0.34 };
    const rows = await api.response.page({ projectId, filter, limit: 500 });
    expect(rows.length).toBeGreaterThan(0);
    expect(
      rows.every(
        (r) =>
          r.pipelineStatus === "dropped" &&
          r.dropReason!.startsWith("pass rate") &&
          r.passRate! <= 0.34,
      ),
    ).toBe(true);
    expect(await api.response.count({ projectId, filter })).toBe(rows.length);
    const scored = await api.response.page({
      projectId,
      filter: { ...all, scoreMin: 8, sort: "score-desc" },
      limit: 500,
    });
    expect(scored.every((r) => r.score! >= 8)).toBe(true);
    expect(scored.map((r) => r.score)).toEqual(
      [...scored.map((r) => r.score)].sort((a, b) => b! - a!),
    );
  });

  it("searches words across response, query and instruction, with LIKE wildcards taken literally", async () => {
    const byQuery = await api.response.page({
      projectId,
      filter: { ...all, search: "Query 1.2:" },
      limit: 500,
    });
    expect(byQuery.length).toBe(8);
    expect(await api.response.count({ projectId, filter: { ...all, search: "%" } })).toBe(0);
  });

  it("groups drop reasons by kind in the facets", async () => {
    const facets = await api.response.facets({ projectId });
    expect(facets.total).toBe(160);
    expect(facets.reasons.map((r) => r.reason)).toContain("pass rate");
    expect(facets.reasons.map((r) => r.reason)).toContain("score");
  });
});

describe("review", () => {
  it("keeps every reviewer's verdicts in an append-only history and lets the latest one set the status", async () => {
    const [r] = await api.response.page({ projectId, filter: all, limit: 1 });
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [r!.id],
      verdict: "approve",
      reviewer: "ada",
    });
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [r!.id],
      verdict: "reject",
      reason: "ignores the word count",
      reviewer: "bo",
    });
    const history = await api.review.history({ projectId, itemKind: "response", itemId: r!.id });
    expect(history.map((h) => [h.reviewer, h.verdict, h.reason])).toEqual([
      ["bo", "reject", "ignores the word count"],
      ["ada", "approve", null],
    ]);
    const [after] = await api.response.page({ projectId, filter: all, limit: 1 });
    expect(after!.reviewStatus).toBe("rejected");
    expect(after!.reviewer).toBe("bo");
    await api.review.record({
      projectId,
      itemKind: "response",
      itemIds: [r!.id],
      verdict: "clear",
      reviewer: "bo",
    });
    expect((await api.response.page({ projectId, filter: all, limit: 1 }))[0]!.reviewStatus).toBe(
      "unreviewed",
    );
  });

  it("refuses a verdict without a reviewer name or on another project's item", async () => {
    const other = seedReviewData(t.db, { projectName: "Other", responses: 8 });
    const [r] = await api.response.page({ projectId: other.projectId, filter: all, limit: 1 });
    await expect(
      api.review.record({
        projectId,
        itemKind: "response",
        itemIds: [r!.id],
        verdict: "approve",
        reviewer: "ada",
      }),
    ).rejects.toThrow(/not in this project/);
    await expect(
      api.review.record({
        projectId,
        itemKind: "response",
        itemIds: [r!.id],
        verdict: "approve",
        reviewer: "  ",
      }),
    ).rejects.toThrow(/reviewer name/);
  });

  it("bulk-rejects exactly what the filter matches, and nothing when the confirmed count is stale", async () => {
    const filter = { ...all, pipeline: "dropped" as const, reason: "score" };
    const n = await api.response.count({ projectId, filter });
    await expect(
      api.review.bulkResponses({
        projectId,
        filter,
        expectedCount: n + 1,
        verdict: "reject",
        reviewer: "ada",
      }),
    ).rejects.toThrow(/nothing was changed/);
    expect(await api.response.count({ projectId, filter: { ...all, review: "rejected" } })).toBe(0);
    expect(
      await api.review.bulkResponses({
        projectId,
        filter,
        expectedCount: n,
        verdict: "reject",
        reason: "judge says weak",
        reviewer: "ada",
      }),
    ).toMatchObject({ count: n });
    expect(await api.response.count({ projectId, filter: { ...all, review: "rejected" } })).toBe(n);
    expect(
      await api.response.count({ projectId, filter: { ...filter, review: "unreviewed" } }),
    ).toBe(0);
  });
});

describe("pairs", () => {
  it("lists pairs with both sides, and a swap exchanges them and is recorded in the pair's history", async () => {
    const total = await api.pair.count({ projectId, filter: {} });
    expect(total).toBeGreaterThan(0);
    const [p] = await api.pair.page({ projectId, filter: {}, limit: 1 });
    expect(p!.chosenPassRate).toBeGreaterThan(0.5);
    expect(p!.rejectedPassRate).toBe(0);
    expect(p!.chosenOutcomes).toHaveLength(3);
    await api.pair.swap({ projectId, pairId: p!.id, reviewer: "ada" });
    const [swapped] = await api.pair.page({ projectId, filter: {}, limit: 1 });
    expect([swapped!.chosenId, swapped!.rejectedId]).toEqual([p!.rejectedId, p!.chosenId]);
    expect(swapped!.reviewStatus).toBe("approved");
    const history = await api.review.history({ projectId, itemKind: "pair", itemId: p!.id });
    expect(history[0]!.reason).toMatch(/^swapped/);
  });
});

describe("dashboard", () => {
  it("bins pass rates, scores and verifier accuracy; the seeded run has calls per role", async () => {
    const h = await api.dashboard.histograms({ projectId });
    const count = (bins: typeof h.passRate) =>
      bins.reduce((s, b) => s + b.kept + b.dropped + b.pending, 0);
    expect(count(h.passRate)).toBe(160);
    expect(h.passRate[9]!.kept + h.passRate[9]!.dropped).toBeGreaterThan(0);
    expect(count(h.verifierAccuracy)).toBe(6); // 160 responses = 20 samples = 2 instructions x 3 verifiers
    const [run] = await api.run.list({ projectId });
    const usage = await api.run.usage({ id: run!.id });
    expect(usage.generator.calls + usage.judge.calls).toBe(200);
    expect(usage.judge.tokensIn).toBeGreaterThan(0);
  });
});
