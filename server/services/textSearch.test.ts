import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, preferencePairs, queries, responses, samples } from "@/db/schema";
import { createCaller } from "../api/root";

// Each text with a LIKE wildcard or the escape character has a twin where that character is
// something else: an unescaped `%` or `_` would match the twin too, and an escape without an
// ESCAPE clause would match nothing.
const TEXTS = [
  "Give 50% of it",
  "Give 50 of it",
  "Name it snake_case",
  "Name it snakeXcase",
  "Path a\\b here",
  "Path ab here",
  "Path a/b here",
];
const SEARCHES: Array<[string, string[]]> = [
  ["50%", ["Give 50% of it"]],
  ["%", ["Give 50% of it"]],
  ["e_c", ["Name it snake_case"]],
  ["_", ["Name it snake_case"]],
  ["a\\b", ["Path a\\b here"]],
  ["\\", ["Path a\\b here"]],
  ["it", ["Give 50% of it", "Give 50 of it", "Name it snake_case", "Name it snakeXcase"]],
];

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let projectId: number;
beforeEach(async () => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  projectId = (await api.project.create({ name: "Search" })).id;
});
afterEach(() => t.cleanup());

describe("text search takes %, _ and \\ literally", () => {
  it("on the instruction list", async () => {
    for (const text of TEXTS)
      t.db.insert(instructions).values({ projectId, text, normalizedHash: text }).run();
    for (const [search, expected] of SEARCHES) {
      const page = await api.instruction.list({ projectId, search, limit: 100 });
      expect(page.rows.map((r) => r.text).sort(), search).toEqual([...expected].sort());
      expect(page.total, search).toBe(expected.length);
    }
  });

  it("on the query list", async () => {
    for (const text of TEXTS)
      t.db
        .insert(queries)
        .values({ projectId, text, normalizedHash: text, length: text.length })
        .run();
    for (const [search, expected] of SEARCHES) {
      const page = await api.query.list({ projectId, search });
      expect(page.rows.map((r) => r.text).sort(), search).toEqual([...expected].sort());
      expect(page.total, search).toBe(expected.length);
    }
  });

  it("on the response and pair lists", async () => {
    const instructionId = t.db
      .insert(instructions)
      .values({ projectId, text: "Answer plainly.", normalizedHash: "x" })
      .returning()
      .get().id;
    const queryId = t.db
      .insert(queries)
      .values({ projectId, text: "Say something.", normalizedHash: "q", length: 14 })
      .returning()
      .get().id;
    const sampleId = t.db.insert(samples).values({ instructionId, queryId }).returning().get().id;
    const ids = TEXTS.map(
      (text, i) =>
        t.db.insert(responses).values({ sampleId, sampleIndex: i, text }).returning().get().id,
    );
    // Each response is the chosen side of one pair against a plain rejected response.
    const plain = t.db
      .insert(responses)
      .values({ sampleId, sampleIndex: TEXTS.length, text: "nothing special" })
      .returning()
      .get().id;
    for (const id of ids)
      t.db
        .insert(preferencePairs)
        .values({ sampleId, chosenResponseId: id, rejectedResponseId: plain })
        .run();
    const filter = { sort: "id" } as const;
    for (const [search, expected] of SEARCHES) {
      const rows = await api.response.page({
        projectId,
        filter: { ...filter, search },
        limit: 500,
      });
      expect(rows.map((r) => r.text).sort(), search).toEqual([...expected].sort());
      expect(await api.response.count({ projectId, filter: { ...filter, search } }), search).toBe(
        expected.length,
      );
      const pairs = await api.pair.page({ projectId, filter: { search }, limit: 200 });
      expect(pairs.map((p) => p.chosenText).sort(), search).toEqual([...expected].sort());
    }
  });
});
