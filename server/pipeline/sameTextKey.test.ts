import { asc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, queries, responses, samples } from "@/db/schema";
import { createCaller } from "../api/root";
import { sameTextKey } from "./replay";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

describe("sameTextKey", () => {
  it("gives responses of one sample with the same text the first one's id, and nothing across samples", async () => {
    const projectId = (await createCaller({ db: t.db }).project.create({ name: "Same" })).id;
    const instructionId = t.db
      .insert(instructions)
      .values({ projectId, text: "Be brief.", normalizedHash: "b" })
      .returning()
      .get().id;
    const sampleOf = (q: string) => {
      const queryId = t.db
        .insert(queries)
        .values({ projectId, text: q, normalizedHash: q, length: q.length })
        .returning()
        .get().id;
      return t.db.insert(samples).values({ instructionId, queryId }).returning().get().id;
    };
    const [s1, s2] = [sampleOf("first query"), sampleOf("second query")];
    const texts: Array<[number, string]> = [
      [s1, "A"],
      [s1, "B"],
      [s1, "A"],
      [s1, "a"],
      [s2, "A"],
      [s1, "B"],
    ];
    const ids = texts.map(
      ([sampleId, text], i) =>
        t.db.insert(responses).values({ sampleId, sampleIndex: i, text }).returning().get().id,
    );
    const keys = (sampleId: number) =>
      t.db
        .select({ id: responses.id, key: sameTextKey })
        .from(responses)
        .where(eq(responses.sampleId, sampleId))
        .orderBy(asc(responses.id))
        .all()
        .map((r) => r.key);
    // Comparison is exact: "a" is not "A".
    expect(keys(s1)).toEqual([ids[0], ids[1], ids[0], ids[3], ids[1]]);
    expect(keys(s2)).toEqual([ids[4]]);
  });
});
