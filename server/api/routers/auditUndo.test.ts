import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedAuditProject } from "@/db/testing/auditSeed";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let projectId: number;
let instructionId: number;
let verifierIds: number[];
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  const seeded = seedAuditProject(t.db, { name: "Audit undo", verifierCount: 5 });
  projectId = seeded.projectId;
  instructionId = seeded.instructionId;
  verifierIds = seeded.verifierIds;
});
afterEach(() => t.cleanup());

const instructionStatus = async () =>
  (await api.instruction.byId({ id: instructionId, responses: 0 })).reviewStatus;
const verifierStatuses = async () =>
  (await api.instruction.byId({ id: instructionId, responses: 0 })).verifiers
    .map((v) => [v.id, v.reviewStatus] as const)
    .sort((a, b) => a[0] - b[0]);
const batchOf = (kind: string, id: number) =>
  (
    t.db.$client
      .prepare(
        "select batch_id b from reviews where item_kind = ? and item_id = ? order by id desc limit 1",
      )
      .get(kind, id) as { b: string | null }
  ).b;

describe("verdicts on the audit page are recorded batches, undone as the review pages' are", () => {
  it("an instruction verdict writes a batch with the status before it; undo restores that status, and twice is refused", async () => {
    const first = await api.instruction.review({
      id: instructionId,
      verdict: "approve",
      reviewer: "ada",
    });
    expect(first).toMatchObject({ reviewStatus: "approved", count: 1, projectId });
    expect(batchOf("instruction", instructionId)).toBe(first.batchId);
    const second = await api.review.record({
      projectId,
      itemKind: "instruction",
      itemIds: [instructionId],
      verdict: "reject",
      reason: "vague",
      reviewer: "ada",
    });
    expect(await instructionStatus()).toBe("rejected");

    expect(
      await api.review.undo({ projectId, batchId: second.batchId, reviewer: "ada" }),
    ).toMatchObject({
      restored: 1,
      skipped: 0,
      items: [{ id: instructionId, status: "approved" }],
    });
    expect(await instructionStatus()).toBe("approved");
    await expect(
      api.review.undo({ projectId, batchId: second.batchId, reviewer: "ada" }),
    ).rejects.toThrow(/Nothing to undo/);
    // Undo the first too: back to unreviewed; the history keeps every row, the undos marked.
    await api.review.undo({ projectId, batchId: first.batchId, reviewer: "ada" });
    expect(await instructionStatus()).toBe("unreviewed");
    const history = await api.instruction.reviewHistory({ id: instructionId });
    expect(history.map((h) => [h.verdict, h.reason, h.undo])).toEqual([
      ["clear", "undo", 1],
      ["approve", "undo", 1],
      ["reject", "vague", 0],
      ["approve", null, 0],
    ]);
  });

  it("a verdict on many verifiers at once is one batch and one undo takes all of it back; 0 items is refused", async () => {
    await api.verifier.review({ id: verifierIds[0]!, verdict: "reject", reviewer: "ada" });
    const before = await verifierStatuses();
    const bulk = await api.review.record({
      projectId,
      itemKind: "verifier",
      itemIds: verifierIds,
      verdict: "approve",
      reviewer: "bo",
    });
    expect(bulk.count).toBe(verifierIds.length);
    expect((await verifierStatuses()).every(([, s]) => s === "approved")).toBe(true);
    expect(
      await api.review.undo({ projectId, batchId: bulk.batchId, reviewer: "bo" }),
    ).toMatchObject({ restored: verifierIds.length, skipped: 0 });
    expect(await verifierStatuses()).toEqual(before);
    await expect(
      api.review.record({
        projectId,
        itemKind: "verifier",
        itemIds: [],
        verdict: "approve",
        reviewer: "bo",
      }),
    ).rejects.toThrow();
  });

  it("an item changed since (another tab, another reviewer) keeps the later verdict, and the undo says how many it left", async () => {
    const mine = await api.review.record({
      projectId,
      itemKind: "verifier",
      itemIds: verifierIds.slice(0, 3),
      verdict: "reject",
      reviewer: "ada",
    });
    await api.verifier.review({ id: verifierIds[1]!, verdict: "approve", reviewer: "bo" });
    expect(
      await api.review.undo({ projectId, batchId: mine.batchId, reviewer: "ada" }),
    ).toMatchObject({ restored: 2, skipped: 1 });
    expect((await verifierStatuses()).slice(0, 3).map(([, s]) => s)).toEqual([
      "unreviewed",
      "approved",
      "unreviewed",
    ]);
    // Everything of a one-item batch changed since: nothing to undo, nothing written.
    const one = await api.instruction.review({
      id: instructionId,
      verdict: "reject",
      reviewer: "ada",
    });
    await api.instruction.review({ id: instructionId, verdict: "approve", reviewer: "bo" });
    await expect(
      api.review.undo({ projectId, batchId: one.batchId, reviewer: "ada" }),
    ).rejects.toThrow(/later verdict/);
    expect(await instructionStatus()).toBe("approved");
  });

  it("two undos of one verdict at once restore it once", async () => {
    const v = await api.review.record({
      projectId,
      itemKind: "instruction",
      itemIds: [instructionId],
      verdict: "reject",
      reviewer: "ada",
    });
    const results = await Promise.allSettled([
      api.review.undo({ projectId, batchId: v.batchId, reviewer: "ada" }),
      api.review.undo({ projectId, batchId: v.batchId, reviewer: "ada" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await instructionStatus()).toBe("unreviewed");
  });

  it("refuses an instruction or verifier of another project", async () => {
    const other = seedAuditProject(t.db, { name: "Other" });
    await expect(
      api.review.record({
        projectId,
        itemKind: "instruction",
        itemIds: [other.instructionId],
        verdict: "approve",
        reviewer: "ada",
      }),
    ).rejects.toThrow(/not in this project/);
    await expect(
      api.review.record({
        projectId,
        itemKind: "verifier",
        itemIds: [other.verifierIds[0]!, verifierIds[0]!],
        verdict: "approve",
        reviewer: "ada",
      }),
    ).rejects.toThrow(/not in this project/);
    expect(await verifierStatuses()).toEqual(verifierIds.map((id) => [id, "unreviewed"]));
  });
});
