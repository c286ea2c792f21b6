import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { startFakeLlmServer, type FakeLlmServer } from "../llm/scripted/fakeLlmServer";
import { createBatchCaller } from "./batchCaller";
import { fetchBatchResults, submitBatchJob } from "./batchApi";
import { batchStatus } from "./batchJobs";
import { projectWithBatch, respondRequest } from "./testing/batchTestBed";

let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer({ quiet: true });
});
afterAll(() => fake.close());

describe("the studio submits batch files to an OpenAI-compatible Batch API", () => {
  it("uploads, creates, polls until completed, downloads output and error files and imports both", async () => {
    const t = createTestDb();
    const { projectId, runId, config } = await projectWithBatch(
      t.db,
      7,
      { maxLines: 4 },
      "api",
      fake.url,
    );
    fake.script([{ kind: "respond", fault: "500", times: 1 }]);
    const submitted = await submitBatchJob(t.db, runId);
    expect(submitted.map((s) => s.status)).toEqual(["validating", "validating"]);
    // A second submit sends nothing again.
    expect((await submitBatchJob(t.db, runId)).map((s) => s.batchId)).toEqual(
      submitted.map((s) => s.batchId),
    );
    const seen: string[][] = [];
    for (let poll = 0; poll < 10; poll++) {
      const result = await fetchBatchResults(t.db, runId);
      seen.push(result.files.map((f) => f.status));
      if (result.report)
        expect(result.report.ok, JSON.stringify(result.report.problems)).toBe(true);
      if (result.done && result.files.length === 0) break;
    }
    expect(seen.slice(0, 2)).toEqual([
      ["in_progress", "in_progress"],
      ["completed", "completed"],
    ]);
    const [job] = batchStatus(t.db, runId);
    expect(job).toMatchObject({ state: "imported", waiting: 0, imported: 6, failed: 1 });
    // The stage gets six answers from the log and one failure: the error file's line.
    const caller = createBatchCaller({
      db: t.db,
      projectId,
      runId,
      roles: config.llm,
      budget: config.budget,
    });
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) => caller.call(respondRequest(i, "api"))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(6);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      "batch error line: HTTP 500: fake batch: scripted 500",
    ]);
    expect(fake.stats().chatRequests).toBe(0);
    t.cleanup();
  });
});
