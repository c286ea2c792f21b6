import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSeedFile } from "@/lib/seeds/parseSeedFile";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let projectId: number;
beforeEach(async () => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  projectId = (await api.project.create({ name: `Seeds ${Math.random()}` })).id;
});
afterEach(() => t.cleanup());

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  const problems =
    (trpcError.cause as { problems?: { line?: number; field?: string; message: string }[] })
      ?.problems ?? [];
  return { code: trpcError.code, message: trpcError.message, problems };
}

describe("seed router", () => {
  it("adds, edits, tags and deletes a seed", async () => {
    const seed = await api.seed.add({
      projectId,
      text: "  Answer in all lowercase letters. ",
      tags: ["Case"],
    });
    expect(seed).toMatchObject({
      text: "Answer in all lowercase letters.",
      tags: ["case"],
      source: "typed",
    });
    await api.seed.update({
      id: seed.id,
      text: "Answer using only lowercase letters.",
      tags: ["case", "letters"],
    });
    const [listed] = await api.seed.list({ projectId });
    expect(listed).toMatchObject({
      text: "Answer using only lowercase letters.",
      tags: ["case", "letters"],
    });
    await api.seed.delete({ ids: [seed.id] });
    expect(await api.seed.list({ projectId })).toEqual([]);
  });

  it("refuses empty, whitespace-only and over-long text", async () => {
    expect((await rejection(api.seed.add({ projectId, text: "   \n\t " }))).code).toBe(
      "BAD_REQUEST",
    );
    const long = await rejection(api.seed.add({ projectId, text: "x".repeat(2001) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toMatch(/2,?000/);
    await api.seed.add({ projectId, text: "y".repeat(2000) });
  });

  it("refuses a duplicate after normalization and names the existing seed", async () => {
    const first = await api.seed.add({ projectId, text: "Use at most 50 words." });
    const dup = await rejection(api.seed.add({ projectId, text: "use   AT MOST 50 words" }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.message).toContain(`seed #${first.number}`);
    expect(dup.message).toContain("Use at most 50 words.");
    const other = await api.seed.add({ projectId, text: "Use at least 50 words." });
    const editDup = await rejection(
      api.seed.update({ id: other.id, text: "Use at most 50 words" }),
    );
    expect(editDup.code).toBe("CONFLICT");
  });

  it("numbers each project's seeds from 1, as the list shows them, and a duplicate message names that number", async () => {
    // Another project's seeds come first, so ids and per-project numbers differ.
    const other = await api.project.create({ name: "Numbers elsewhere" });
    for (const text of ["Use no commas.", "Write in French.", "Answer in one word."])
      await api.seed.add({ projectId: other.id, text });
    const a = await api.seed.add({ projectId, text: "Use at most 50 words." });
    const b = await api.seed.add({ projectId, text: "Write exactly two paragraphs." });
    expect([a.number, b.number]).toEqual([1, 2]);
    expect(a.id).not.toBe(1);
    await api.seed.delete({ ids: [a.id] });
    const c = await api.seed.add({ projectId, text: "End with the word Done." });
    expect(c.number).toBe(3); // a number is never reused, so an old message still names the right seed
    expect((await api.seed.list({ projectId })).map((s) => s.number)).toEqual([2, 3]);
    const dup = await rejection(api.seed.add({ projectId, text: "end with the word done" }));
    expect(dup.message).toContain('seed #3 "End with the word Done."');
    const file = await rejection(
      api.seed.import({
        projectId,
        fileName: "dup.txt",
        format: "txt",
        content: "Write exactly two paragraphs.\n",
      }),
    );
    expect(file.message).toContain("seed #2");
  });

  it("imports a .txt and a .jsonl file, keeping extra jsonl fields as tags", async () => {
    const txt = await api.seed.import({
      projectId,
      fileName: "seeds.txt",
      format: "txt",
      content: "# my seeds\nEnd your answer with the word Done.\n\nWrite exactly two paragraphs.\n",
    });
    expect(txt.imported).toBe(2);
    const jsonl = await api.seed.import({
      projectId,
      fileName: "more.jsonl",
      format: "jsonl",
      content:
        '{"instruction": "Do not use any commas.", "category": "punctuation"}\n{"instruction": "Wrap the whole answer in double quotes.", "tags": ["quotes"]}\n',
    });
    expect(jsonl.imported).toBe(2);
    const seeds = await api.seed.list({ projectId });
    expect(seeds.map((s) => s.sourceRef)).toEqual([
      "seeds.txt:2",
      "seeds.txt:4",
      "more.jsonl:1",
      "more.jsonl:2",
    ]);
    expect(seeds[2]?.tags).toEqual(["category:punctuation"]);
    expect(seeds[3]?.tags).toEqual(["quotes"]);
  });

  it("imports nothing from a file with one bad line and names that line", async () => {
    await api.seed.add({ projectId, text: "Answer in exactly three sentences." });
    const bad = await rejection(
      api.seed.import({
        projectId,
        fileName: "bad.jsonl",
        format: "jsonl",
        content:
          '{"instruction": "Use no capital letters."}\n{"instruction": ""}\n{"instruction": "Mention the word banana twice."}\n',
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("bad.jsonl");
    expect(bad.message).toContain("Line 2");
    expect(bad.problems[0]).toMatchObject({ line: 2 });
    expect((await api.seed.list({ projectId })).length).toBe(1);
  });

  it("imports nothing when a line duplicates a seed already in the project", async () => {
    const existing = await api.seed.add({ projectId, text: "Answer in exactly three sentences." });
    const dup = await rejection(
      api.seed.import({
        projectId,
        fileName: "dup.txt",
        format: "txt",
        content: "Use no capital letters.\nanswer in exactly three sentences\n",
      }),
    );
    expect(dup.message).toContain("Line 2");
    expect(dup.message).toContain(`seed #${existing.number}`);
    expect((await api.seed.list({ projectId })).length).toBe(1);
  });

  it("exports seeds that parse back to the same instructions and tags", async () => {
    await api.seed.add({ projectId, text: "Answer in fewer than 60 words.", tags: ["length"] });
    await api.seed.add({ projectId, text: "Start your answer with the word Yes." });
    const file = await api.seed.export({ projectId, format: "jsonl" });
    expect(file.fileName).toMatch(/-seeds\.jsonl$/);
    const parsed = parseSeedFile(file.content, "jsonl");
    expect(parsed.ok && parsed.seeds.map((s) => [s.text, s.tags])).toEqual([
      ["Answer in fewer than 60 words.", ["length"]],
      ["Start your answer with the word Yes.", []],
    ]);
    const txt = await api.seed.export({ projectId, format: "txt" });
    expect(txt.content.trim().split("\n")).toHaveLength(2);
  });
});
