import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { createTestDb } from "@/db/testing/testDb";
import { replacePairsOfSamples } from "./replacePairs";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

type Pair = {
  id: number;
  sampleId: number;
  chosen: number;
  rejected: number;
  number: number;
  review: string;
};
const pairsOf = (projectId: number) =>
  t.db.$client
    .prepare(
      "select p.id, p.sample_id sampleId, p.chosen_response_id chosen, p.rejected_response_id rejected, p.number, p.review_status review from preference_pairs p join samples s on s.id = p.sample_id join instructions i on i.id = s.instruction_id where i.project_id = ? order by p.number",
    )
    .all(projectId) as Pair[];

describe("replacing pairs", () => {
  it("a pair selected again keeps its number and review status; a new pair gets the next number; a dropped one's number is not reused", () => {
    const { projectId } = seedReviewData(t.db, { projectName: "Pairs", responses: 160 });
    const before = pairsOf(projectId);
    expect(before.length).toBeGreaterThan(3);
    const [first, second, third] = before as [Pair, Pair, Pair];
    t.db.$client
      .prepare("update preference_pairs set review_status = 'approved' where id = ?")
      .run(second.id);
    const maxBefore = Math.max(...before.map((p) => p.number));
    // Recompute the first three samples' pairs: the second and third come back, the first is gone,
    // and the first's sample gets a different pair (its rejected response swapped for another response).
    const others = t.db.$client
      .prepare(
        "select id from responses where sample_id = ? and id not in (?, ?) order by id limit 1",
      )
      .get(first.sampleId, first.chosen, first.rejected) as { id: number };
    const samples = [first.sampleId, second.sampleId, third.sampleId];
    t.db.transaction((tx) =>
      replacePairsOfSamples(
        tx,
        [...new Set(samples)],
        [
          { sampleId: third.sampleId, chosen: third.chosen, rejected: third.rejected },
          { sampleId: second.sampleId, chosen: second.chosen, rejected: second.rejected },
          { sampleId: first.sampleId, chosen: first.chosen, rejected: others.id },
        ],
      ),
    );
    const after = pairsOf(projectId);
    const find = (p: { chosen: number; rejected: number }) =>
      after.find((a) => a.chosen === p.chosen && a.rejected === p.rejected);
    expect(find(second)).toMatchObject({ number: second.number, review: "approved" });
    expect(find(third)).toMatchObject({ number: third.number, review: "unreviewed" });
    expect(find(first)).toBeUndefined();
    expect(find({ chosen: first.chosen, rejected: others.id })).toMatchObject({
      number: maxBefore + 1,
      review: "unreviewed",
    });
    // Pairs of samples not replaced are untouched.
    expect(after.filter((a) => !samples.includes(a.sampleId))).toEqual(
      before.filter((b) => !samples.includes(b.sampleId)),
    );
    // Replacing again with the same selection changes nothing: no number moves.
    const again = pairsOf(projectId).filter((p) => samples.includes(p.sampleId));
    t.db.transaction((tx) =>
      replacePairsOfSamples(
        tx,
        [...new Set(samples)],
        again.map((p) => ({ sampleId: p.sampleId, chosen: p.chosen, rejected: p.rejected })),
      ),
    );
    expect(pairsOf(projectId).map(({ id: _, ...p }) => p)).toEqual(
      after.map(({ id: _, ...p }) => p),
    );
  });

  it("replacing with nothing, or over no samples, is fine", () => {
    const { projectId } = seedReviewData(t.db, { projectName: "Empty", responses: 16 });
    const before = pairsOf(projectId);
    t.db.transaction((tx) => replacePairsOfSamples(tx, [], []));
    expect(pairsOf(projectId)).toEqual(before);
    t.db.transaction((tx) =>
      replacePairsOfSamples(tx, [...new Set(before.map((p) => p.sampleId))], []),
    );
    expect(pairsOf(projectId)).toEqual([]);
  });
});
