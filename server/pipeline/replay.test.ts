import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { projectFunnel } from "./funnel";
import { applyReplay, previewReplay } from "./replay";
import { addProject, pipelineSnapshot, smallConfig, spawnCliRun } from "./testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
});
afterAll(() => fake.stop());

/** Stricter later-stage thresholds: a fresh run needs no LLM call that the first run did not make. */
function stricter(c: PipelineConfig): PipelineConfig {
  return {
    ...c,
    execute: { ...c.execute, sftPassRateThreshold: 0.7, sftPassRateComparison: "gte" },
    score: { ...c.score, threshold: 9, comparison: "gte" },
    pairs: { ...c.pairs, chosenPassRate: 0.75, chosenComparison: "gte", maxPerSide: 1 },
  };
}

describe("replay", () => {
  it(
    "recomputes every decision at new thresholds without one request, equal to a fresh run at them",
    { timeout: 240_000 },
    async () => {
      const base = smallConfig(fake.url);
      const first = createTestDb();
      const projectId = addProject(first.db, base);
      expect((await spawnCliRun(first.file, projectId).exited).code).toBe(0);
      const before = projectFunnel(first.db, projectId);

      await fake.reset();
      const preview = previewReplay(first.db, projectId, stricter(base));
      const applied = applyReplay(first.db, projectId, stricter(base));
      expect(applied).toEqual(preview);
      expect((await fake.stats()).requests).toBe(0);
      expect(projectFunnel(first.db, projectId)).not.toEqual(before);

      const fresh = createTestDb();
      const freshProject = addProject(fresh.db, stricter(base));
      expect((await spawnCliRun(fresh.file, freshProject).exited).code).toBe(0);
      expect(pipelineSnapshot(first.db)).toEqual(pipelineSnapshot(fresh.db));

      // Replaying back to the original thresholds restores the original decisions.
      applyReplay(first.db, projectId, base);
      expect(projectFunnel(first.db, projectId)).toEqual(before);
      first.cleanup();
      fresh.cleanup();
    },
  );

  it(
    "changes cross-validation decisions at a stricter function accuracy, still without requests",
    { timeout: 120_000 },
    async () => {
      const base = smallConfig(fake.url);
      const t = createTestDb();
      const projectId = addProject(t.db, base);
      expect((await spawnCliRun(t.file, projectId).exited).code).toBe(0);
      await fake.reset();
      const strict = previewReplay(t.db, projectId, {
        ...base,
        crossValidate: { ...base.crossValidate, minKeptFunctions: 2 },
      });
      const same = previewReplay(t.db, projectId, base);
      expect(strict.instructions.kept).toBeLessThanOrEqual(same.instructions.kept);
      expect(strict.responses.kept).toBeLessThanOrEqual(same.responses.kept);
      expect((await fake.stats()).requests).toBe(0);
      t.cleanup();
    },
  );
});
