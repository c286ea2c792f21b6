import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import { projects, queries } from "@/db/schema";
import { InvalidInputError } from "../errors";
import { importQueries, readableOf } from "./queryImport";

let t: ReturnType<typeof createTestDb>;
let projectId: number;
beforeEach(() => {
  t = createTestDb();
  projectId = t.db.insert(projects).values({ name: "pool", config: {} }).returning().get().id;
});
afterEach(() => t.cleanup());

const texts = () =>
  t.db
    .select({ text: queries.text, line: queries.sourceLine })
    .from(queries)
    .where(eq(queries.projectId, projectId))
    .orderBy(asc(queries.id))
    .all();
const run = (
  content: string,
  format: "jsonl" | "sharegpt-json" | "csv" | "txt",
  extra: { column?: string; minLength?: number } = {},
) =>
  importQueries(t.db, readableOf(content), {
    projectId,
    fileName: `pool.${format}`,
    format,
    ...extra,
  });

describe("query pool import", () => {
  it("reads query, text and ShareGPT lines, dedupes and filters by length", async () => {
    const content = [
      JSON.stringify({ query: "How do I repot a cactus without getting hurt?" }),
      JSON.stringify({ text: "What is the best way to learn touch typing" }),
      JSON.stringify({
        conversations: [
          { from: "gpt", value: "ignored" },
          { from: "human", value: "Explain compound interest with an example." },
        ],
      }),
      JSON.stringify({ query: "how do i repot a cactus   without getting hurt?" }),
      JSON.stringify({ query: "too short" }),
      JSON.stringify({ query: "x".repeat(300) }),
    ].join("\n");
    const result = await run(content, "jsonl");
    expect(result).toMatchObject({ read: 6, imported: 3, duplicates: 1, tooShort: 1, tooLong: 1 });
    expect(texts().map((q) => q.line)).toEqual([1, 2, 3]);
    // Importing the same file again adds nothing: every query is already in the pool.
    expect((await run(content, "jsonl")).imported).toBe(0);
  });

  it("streams a ShareGPT JSON array and a CSV with a chosen column", async () => {
    const sharegpt = JSON.stringify([
      {
        id: "a",
        conversations: [
          { from: "human", value: "Suggest a name for a bakery that sells sourdough." },
        ],
      },
      { id: "b", messages: [{ role: "user", content: "What causes the seasons on Earth?" }] },
    ]);
    expect((await run(sharegpt, "sharegpt-json")).imported).toBe(2);
    const csv =
      'id,prompt\n1,"Write a haiku about the first snow, please"\n2,"Plan a three-day trip to a coastal town, with a budget"\n';
    expect((await run(csv, "csv", { column: "prompt" })).imported).toBe(2);
    expect(texts()).toHaveLength(4);
  });

  it("imports nothing from a file with one bad line and names the line and field", async () => {
    const content = [
      JSON.stringify({ query: "A perfectly fine query about gardening tools?" }),
      "{not json",
      JSON.stringify({ query: "Another fine query about bicycles and gears." }),
    ].join("\n");
    const error = await run(content, "jsonl").then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain("pool.jsonl, line 2");
    const missing = await run(
      [
        JSON.stringify({ query: "A perfectly fine query about gardening tools?" }),
        JSON.stringify({ title: "no query" }),
      ].join("\n"),
      "jsonl",
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect((missing as InvalidInputError).problems[0]).toMatchObject({ line: 2, field: "query" });
    const csv = await run('a,b\n1,"some long enough text in the wrong column"\n', "csv", {
      column: "prompt",
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((csv as Error).message).toContain('field "prompt"');
    expect(texts()).toEqual([]);
  });
});
