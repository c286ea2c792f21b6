import { afterEach, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { batchRequests, llmCalls } from "@/db/schema";
import { BATCH_MAX_LINES, splitBatchLines } from "@/lib/formats/openaiBatch";
import { fakeRunBatch } from "../llm/scripted/fakeLlmBatch";
import { createBatchCaller } from "./batchCaller";
import { createBatchJob } from "./batchJobs";
import { importBatchOutput } from "./importBatch";
import { projectWithBatch, respondRequest } from "./testing/batchTestBed";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function testDb() {
  const t = createTestDb();
  cleanups.push(t.cleanup);
  return t.db;
}

const LIMIT = 5;
const lines = (text: string) => text.split("\n").filter(Boolean);
const join = (ls: string[]) => ls.map((l) => `${l}\n`).join("");
/** Everything an import could have changed: the call log and the requests' statuses. */
const state = (db: Db) =>
  JSON.stringify([
    db.select().from(llmCalls).orderBy(asc(llmCalls.id)).all(),
    db.select().from(batchRequests).orderBy(asc(batchRequests.id)).all(),
  ]);
const answerOf = (line: string) =>
  JSON.parse(line) as { custom_id: string; response: { body: unknown } };

describe("batch files are cut at the limits", () => {
  it.each([
    [0, []],
    [1, [1]],
    [LIMIT - 1, [LIMIT - 1]],
    [LIMIT, [LIMIT]],
    [LIMIT + 1, [LIMIT, 1]],
    [10 * LIMIT, Array(10).fill(LIMIT)],
  ])("%i requests make files of %j lines", async (n, sizes) => {
    const db = testDb();
    const { files, jobId } = await projectWithBatch(db, n, { maxLines: LIMIT });
    expect(jobId === null).toBe(n === 0);
    expect(files.map((f) => lines(f.text).length)).toEqual(sizes);
    // Every line is the OpenAI Batch input envelope, custom_id unique across the job.
    const all = files
      .flatMap((f) => lines(f.text))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      all.every(
        (l) =>
          l.method === "POST" &&
          l.url === "/v1/chat/completions" &&
          typeof l.custom_id === "string",
      ),
    ).toBe(true);
    expect(new Set(all.map((l) => l.custom_id)).size).toBe(n);
  });

  it("cuts at the real limits: 50,000 lines and 200 MB", () => {
    for (const [n, expected] of [
      [BATCH_MAX_LINES - 1, 1],
      [BATCH_MAX_LINES, 1],
      [BATCH_MAX_LINES + 1, 2],
    ] as const) {
      expect(splitBatchLines(Array(n).fill("{}")).files.length, `${n} lines`).toBe(expected);
    }
    // Bytes count the newline: three 9-byte lines fit 30 bytes, a fourth does not; a line over the cap fits nowhere.
    const line = "x".repeat(8);
    expect(splitBatchLines([line, line, line, line], { maxBytes: 27 }).files).toEqual([
      [0, 1, 2],
      [3],
    ]);
    expect(splitBatchLines([line, line, line], { maxBytes: 26 }).files).toEqual([[0, 1], [2]]);
    expect(splitBatchLines(["y".repeat(40), line], { maxBytes: 27 })).toEqual({
      files: [[1]],
      tooLarge: [0],
    });
  });

  it("leaves a request already waiting in the run's batch in its file", async () => {
    const db = testDb();
    const { runId, projectId, config } = await projectWithBatch(db, 3);
    const again = createBatchCaller({
      db,
      projectId,
      runId,
      roles: config.llm,
      budget: config.budget,
    });
    for (let i = 0; i < 3; i++) await again.call(respondRequest(i)).catch(() => undefined);
    expect(createBatchJob(db, { runId, stage: "respond", requests: again.deferred() })).toBeNull();
  });
});

describe("importing batch output", () => {
  it.each([1, LIMIT - 1, LIMIT])(
    "imports an output of %i lines whole, and a second import changes nothing",
    async (n) => {
      const db = testDb();
      const { projectId, runId, config, files } = await projectWithBatch(db, n, {
        maxLines: LIMIT,
      });
      const output = fakeRunBatch(files[0]!.text);
      const report = importBatchOutput(db, projectId, [{ name: "out.jsonl", text: output }]);
      expect(report).toMatchObject({ ok: true, imported: n, failed: 0, missing: 0, problems: [] });
      const before = state(db);
      expect(importBatchOutput(db, projectId, [{ name: "out.jsonl", text: output }])).toMatchObject(
        { ok: true, imported: 0, alreadyImported: n },
      );
      expect(state(db)).toBe(before);
      // The stage now gets the batch answers as cached calls, equal to the output file's bodies.
      const caller = createBatchCaller({
        db,
        projectId,
        runId,
        roles: config.llm,
        budget: config.budget,
      });
      const bodies = new Map(
        lines(output).map((l) => [
          answerOf(l).custom_id,
          answerOf(l).response.body as { choices: Array<{ message: { content: string } }> },
        ]),
      );
      for (let i = 0; i < n; i++) {
        const result = await caller.call(respondRequest(i));
        expect(result.ok && result.cached).toBe(true);
        if (result.ok)
          expect(
            [...bodies.values()].some((b) => b.choices[0]!.message.content === result.content),
          ).toBe(true);
      }
      expect(caller.deferred()).toEqual([]);
    },
  );

  it("refuses an output with the last lines missing (0, 1 and limit-1 of limit), or imports what is there when asked", async () => {
    for (const present of [1, LIMIT - 1]) {
      const db = testDb();
      const { projectId, files } = await projectWithBatch(db, LIMIT, { maxLines: LIMIT });
      const output = join(lines(fakeRunBatch(files[0]!.text)).slice(0, present));
      const before = state(db);
      const refused = importBatchOutput(db, projectId, [{ name: "out.jsonl", text: output }]);
      expect(refused.ok).toBe(false);
      expect(refused.missing).toBe(LIMIT - present);
      expect(refused.problems.every((p) => p.message.startsWith("missing line"))).toBe(true);
      expect(state(db)).toBe(before);
      expect(
        importBatchOutput(db, projectId, [{ name: "out.jsonl", text: output }], {
          allowMissing: true,
        }),
      ).toMatchObject({ ok: true, imported: present, jobs: [{ waiting: LIMIT - present }] });
    }
    const db = testDb();
    const { projectId } = await projectWithBatch(db, LIMIT, { maxLines: LIMIT });
    expect(
      importBatchOutput(db, projectId, [{ name: "empty.jsonl", text: "" }]).problems[0]?.message,
    ).toBe("the file is empty (0 lines)");
  });

  it("refuses limit+1 lines: a duplicate custom_id, or one that is not a request of the batch", async () => {
    const db = testDb();
    const { projectId, files } = await projectWithBatch(db, LIMIT, { maxLines: LIMIT });
    const out = lines(fakeRunBatch(files[0]!.text));
    const before = state(db);
    const dup = importBatchOutput(db, projectId, [
      { name: "out.jsonl", text: join([...out, out[2]!]) },
    ]);
    expect(dup.ok).toBe(false);
    expect(dup.problems).toEqual([
      {
        file: "out.jsonl",
        line: LIMIT + 1,
        field: "custom_id",
        message: expect.stringMatching(/^duplicate custom_id .* \(first at out\.jsonl line 3\)$/),
      },
    ]);
    const stranger = JSON.stringify({ ...JSON.parse(out[0]!), custom_id: "f".repeat(64) });
    const unknown = importBatchOutput(db, projectId, [
      { name: "out.jsonl", text: join([...out, stranger]) },
    ]);
    expect(unknown.problems).toEqual([
      {
        file: "out.jsonl",
        line: LIMIT + 1,
        field: "custom_id",
        message: expect.stringContaining("not a request of any batch of this project"),
      },
    ]);
    expect(state(db)).toBe(before);
  });

  it("names a cut-off last line, a line that is not JSON, a blank line and a line without response or error", async () => {
    const db = testDb();
    const { projectId, files } = await projectWithBatch(db, 3);
    const out = lines(fakeRunBatch(files[0]!.text));
    const before = state(db);
    const cut = importBatchOutput(db, projectId, [
      { name: "out.jsonl", text: `${out[0]}\n${out[1]}\n${out[2]!.slice(0, 40)}` },
    ]);
    expect(cut.problems).toEqual([
      {
        file: "out.jsonl",
        line: 3,
        field: null,
        message: expect.stringContaining("the last line is cut off"),
      },
    ]);
    const bad = importBatchOutput(db, projectId, [
      {
        name: "out.jsonl",
        text: `${out[0]}\n{nope\n\n${JSON.stringify({ custom_id: answerOf(out[1]!).custom_id, response: null, error: null })}\n`,
      },
    ]);
    expect(bad.problems.map((p) => [p.line, p.field, p.message.split(" (")[0]])).toEqual([
      [2, null, "not JSON"],
      [3, null, "blank line"],
      [4, "response", "neither a response nor an error"],
    ]);
    expect(state(db)).toBe(before);
  });

  it("records error lines of OpenAI's and vLLM's shapes as failed calls, which the stage then sees as failures", async () => {
    const db = testDb();
    const { projectId, runId, config, files } = await projectWithBatch(db, 5);
    const out = lines(fakeRunBatch(files[0]!.text)).map(
      (l) => JSON.parse(l) as { id: string; custom_id: string; response: unknown; error: unknown },
    );
    const shapes = [
      // OpenAI: a request that failed outright (expired, say).
      {
        ...out[0]!,
        response: null,
        error: {
          code: "batch_expired",
          message: "This request could not be executed before the completion window expired.",
        },
      },
      // OpenAI's error file: an HTTP error with the body of the error.
      {
        ...out[1]!,
        response: {
          status_code: 400,
          request_id: "req_1",
          body: {
            error: {
              message: "Invalid 'max_tokens'",
              type: "invalid_request_error",
              param: "max_tokens",
              code: null,
            },
          },
        },
        error: null,
      },
      // vLLM: a plain string with an empty response.
      {
        ...out[2]!,
        response: { status_code: 400, request_id: "vllm-batch-1", body: null },
        error: "The model does not support Chat Completions API",
      },
      // vLLM: an ErrorResponse object.
      {
        ...out[3]!,
        response: { status_code: 404, request_id: "vllm-batch-2", body: null },
        error: {
          error: {
            message: "The model `x` does not exist.",
            type: "NotFoundError",
            param: null,
            code: 404,
          },
        },
      },
      out[4]!,
    ];
    const report = importBatchOutput(db, projectId, [
      { name: "out.jsonl", text: join(shapes.map((s) => JSON.stringify(s))) },
    ]);
    expect(report).toMatchObject({ ok: true, imported: 5, failed: 4 });
    expect(report.errors.map((e) => e.message)).toEqual([
      "This request could not be executed before the completion window expired.",
      "Invalid 'max_tokens'",
      "The model does not support Chat Completions API",
      "The model `x` does not exist.",
    ]);
    const caller = createBatchCaller({
      db,
      projectId,
      runId,
      roles: config.llm,
      budget: config.budget,
    });
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => caller.call(respondRequest(i))));
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, true]);
    expect(results[0]!.ok === false && results[0]!.error).toBe(
      "batch error line: This request could not be executed before the completion window expired. (batch_expired)",
    );
    expect(results[3]!.ok === false && results[3]!.error).toBe(
      "batch error line: HTTP 404: The model `x` does not exist. (404)",
    );
  });

  it("reads an answer the way a live call is read: max_tokens hit and empty content are failed calls", async () => {
    const db = testDb();
    const { projectId, runId, config, files } = await projectWithBatch(db, 3);
    const out = lines(fakeRunBatch(files[0]!.text)).map(
      (l) =>
        JSON.parse(l) as {
          response: {
            body: { choices: Array<{ message: { content: string }; finish_reason: string }> };
          };
        },
    );
    out[0]!.response.body.choices[0]!.finish_reason = "length";
    out[1]!.response.body.choices[0]!.message.content = "  ";
    expect(
      importBatchOutput(db, projectId, [
        { name: "out.jsonl", text: join(out.map((o) => JSON.stringify(o))) },
      ]),
    ).toMatchObject({ ok: true, imported: 3, failed: 2 });
    const caller = createBatchCaller({
      db,
      projectId,
      runId,
      roles: config.llm,
      budget: config.budget,
    });
    const results = await Promise.all([0, 1, 2].map((i) => caller.call(respondRequest(i))));
    expect(results.map((r) => (r.ok ? "ok" : r.error))).toEqual([
      "truncated: the model hit max_tokens",
      "empty content in the response",
      "ok",
    ]);
  });

  it("refuses an output of another project's batch and of an older run's, naming which", async () => {
    const db = testDb();
    const mine = await projectWithBatch(db, 2, {}, "mine");
    const theirs = await projectWithBatch(db, 2, {}, "theirs");
    const other = importBatchOutput(db, mine.projectId, [
      { name: "theirs.jsonl", text: fakeRunBatch(theirs.files[0]!.text) },
    ]);
    expect(other.ok).toBe(false);
    expect(other.problems[0]!.message).toMatch(
      new RegExp(
        `a request of project ${theirs.projectId} \\(batch #${theirs.jobId}\\), not of this project: a file from another project`,
      ),
    );
    // A newer run of the same project with its own batch: the first run's output is refused.
    const { createRun, getRun } = await import("../pipeline/runs");
    const { runs } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    db.update(runs).set({ state: "failed" }).where(eq(runs.id, mine.runId)).run();
    const newer = getRun(db, createRun(db, { projectId: mine.projectId }).id);
    const caller = createBatchCaller({
      db,
      projectId: mine.projectId,
      runId: newer.id,
      roles: newer.config.llm,
      budget: newer.config.budget,
    });
    await caller.call(respondRequest(7, "newer")).catch(() => undefined);
    createBatchJob(db, { runId: newer.id, stage: "respond", requests: caller.deferred() });
    const before = state(db);
    const old = importBatchOutput(db, mine.projectId, [
      { name: "old.jsonl", text: fakeRunBatch(mine.files[0]!.text) },
    ]);
    expect(old.ok).toBe(false);
    expect(old.problems[0]!.message).toContain(
      `a request of run #${mine.runId} (batch #${mine.jobId}), not of run #${newer.id}: a file from another run`,
    );
    expect(state(db)).toBe(before);
  });

  it("imports one file of a batch of two and leaves the other file's requests waiting", async () => {
    const db = testDb();
    const { projectId, runId, config, files } = await projectWithBatch(db, LIMIT + 2, {
      maxLines: LIMIT,
    });
    expect(files).toHaveLength(2);
    expect(
      importBatchOutput(db, projectId, [
        { name: "second.out.jsonl", text: fakeRunBatch(files[1]!.text) },
      ]),
    ).toMatchObject({ ok: true, imported: 2, jobs: [{ waiting: LIMIT }] });
    const caller = createBatchCaller({
      db,
      projectId,
      runId,
      roles: config.llm,
      budget: config.budget,
    });
    const results = await Promise.allSettled(
      Array.from({ length: LIMIT + 2 }, (_, i) => caller.call(respondRequest(i))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(caller.deferred()).toHaveLength(LIMIT);
    // They stay in the first file: nothing new to write.
    expect(createBatchJob(db, { runId, stage: "respond", requests: caller.deferred() })).toBeNull();
  });
});
