import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { llmCalls, runs } from "@/db/schema";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { addProject, pipelineSnapshot, smallConfig, spawnCliRun } from "./testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "40"]);
});
afterAll(() => fake.stop());

describe("a run killed with SIGKILL mid-stage", () => {
  it(
    "resumes without sending any completed request twice and ends as an uninterrupted run",
    { timeout: 240_000 },
    async () => {
      // The uninterrupted reference run.
      const reference = createTestDb();
      const refProject = addProject(reference.db, smallConfig(fake.url));
      await fake.reset();
      const ref = await spawnCliRun(reference.file, refProject).exited;
      expect(ref.code, ref.output).toBe(0);
      const referenceRequests = (await fake.stats()).completions;
      expect(referenceRequests).toBeGreaterThan(40);

      // The same run, killed in its respond stage (the kill point fires right after the third
      // response unit commits, with other calls still in flight), then run again.
      const killed = createTestDb();
      const project = addProject(killed.db, smallConfig(fake.url));
      await fake.reset();
      const first = await spawnCliRun(killed.file, project, [], {
        AUTOIF_TEST_KILL_AT: "stage:respond:3",
      }).exited;
      expect(first.signal, first.output).toBe("SIGKILL");
      const watcher = openDatabase(killed.file);
      const recordedAtKill = watcher
        .select({ hash: llmCalls.requestHash })
        .from(llmCalls)
        .where(eq(llmCalls.status, "completed"))
        .all();
      expect(recordedAtKill.length).toBeLessThan(referenceRequests);
      // About half of the calls come before the respond stage: the kill lands mid-run, not at its edges.
      expect(recordedAtKill.length).toBeGreaterThan(referenceRequests / 3);

      const second = await spawnCliRun(killed.file, project).exited;
      expect(second.code, second.output).toBe(0);

      const stats = await fake.stats();
      for (const { hash } of recordedAtKill)
        expect(stats.completionsByHash[hash], `request ${hash} was sent again`).toBe(1);
      // Only requests in flight at the kill (at most the concurrency of 4 per role) may be paid twice.
      expect(stats.completions - referenceRequests).toBeLessThanOrEqual(8);
      expect(
        watcher
          .select()
          .from(runs)
          .all()
          .map((r) => r.state),
      ).toEqual(["finished"]);
      expect(pipelineSnapshot(killed.db)).toEqual(pipelineSnapshot(reference.db));

      watcher.$client.close();
      killed.cleanup();
      reference.cleanup();
    },
  );
});
