import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, runs, stageProgress } from "@/db/schema";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { createRun } from "../pipeline/runs";
import { createProject } from "./projects";
import { recordRunSummary } from "./runSummary";

let t: ReturnType<typeof createTestDb>;
// Each run of the test starts a minute after the one before, as runs do one after another.
const T0 = Date.now() - 3_600_000;
let clock = T0;
beforeEach(() => {
  t = createTestDb();
  clock = T0;
});
afterEach(() => t.cleanup());

const STAGES = ["augment", "verify-gen", "cross-validate"];

/** A run of the project that starts at the next minute, processes `units` units of cross-validate and writes `dropped` instructions with `reason`. */
function runThatDrops(projectId: number, units: number, dropped: number, reason: string) {
  const run = createRun(t.db, { projectId, from: "augment", to: "cross-validate" });
  clock += 60_000;
  const startedAt = new Date(clock);
  t.db.update(runs).set({ state: "running", startedAt }).where(eq(runs.id, run.id)).run();
  t.db
    .insert(stageProgress)
    .values({ runId: run.id, stage: "cross-validate", total: units, done: units, state: "done" })
    .run();
  for (let i = 0; i < dropped; i++) {
    t.db
      .insert(instructions)
      .values({
        projectId,
        runId: run.id,
        text: `i ${run.id} ${i}`,
        normalizedHash: `h ${run.id} ${i}`,
        pipelineStage: "cross-validate",
        pipelineStatus: "dropped",
        dropReason: reason,
        createdAt: new Date(clock + 1),
        updatedAt: new Date(clock + 1),
      })
      .run();
  }
  return run;
}
const finish = (id: number) =>
  t.db.update(runs).set({ state: "finished" }).where(eq(runs.id, id)).run();
const warningOf = (id: number) =>
  t.db.select({ w: runs.warning }).from(runs).where(eq(runs.id, id)).get()!.w;

describe("a run's empty-result warning is about that run", () => {
  it("names the stage and setting of the run's own drops, not an earlier run's; a run with nothing to do says so", () => {
    const project = createProject(t.db, { name: "Per run", preset: "code" });
    // Run 1 drops 3 instructions for too few functions.
    const first = runThatDrops(
      project.id,
      3,
      3,
      "2 distinct compiled function(s), needs at least 3",
    );
    const one = recordRunSummary(t.db, first.id, STAGES, first.config as PipelineConfig);
    expect(one).toMatchObject({ item: "instructions", stage: "cross-validate" });
    expect(one!.setting).toMatch(/^crossValidate\.minFunctions/);
    expect(warningOf(first.id)).toMatch(/^The run kept 0 of 3 instructions/);
    finish(first.id);

    // Run 2 finds nothing to do: it says so, and is not an empty result of its own.
    const second = createRun(t.db, {
      projectId: project.id,
      from: "cross-validate",
      to: "cross-validate",
    });
    clock += 60_000;
    t.db
      .update(runs)
      .set({ state: "running", startedAt: new Date(clock) })
      .where(eq(runs.id, second.id))
      .run();
    t.db
      .insert(stageProgress)
      .values({ runId: second.id, stage: "cross-validate", total: 0, done: 0, state: "done" })
      .run();
    expect(
      recordRunSummary(t.db, second.id, ["cross-validate"], second.config as PipelineConfig),
    ).toBeNull();
    expect(warningOf(second.id)).toMatch(
      /^The run had nothing new to do: every stage \(cross-validate\)/,
    );
    finish(second.id);

    // Run 3 drops its 2 new instructions for another reason: its warning names that, although
    // the project's most common drop reason is still run 1's.
    const third = runThatDrops(project.id, 2, 2, "1 function(s) kept, needs at least 2");
    const three = recordRunSummary(t.db, third.id, STAGES, third.config as PipelineConfig);
    expect(three!.setting).toMatch(/^crossValidate\.functionAccuracyThreshold/);
    expect(warningOf(third.id)).toMatch(/^The run kept 0 of 2 instructions/);
    finish(third.id);

    // Run 4 keeps one of its own: no warning, although runs 1 and 3 kept nothing.
    const fourth = runThatDrops(project.id, 1, 0, "");
    t.db
      .insert(instructions)
      .values({
        projectId: project.id,
        runId: fourth.id,
        text: "kept",
        normalizedHash: "kept",
        pipelineStage: "cross-validate",
        pipelineStatus: "kept",
        createdAt: new Date(clock + 1),
        updatedAt: new Date(clock + 1),
      })
      .run();
    expect(recordRunSummary(t.db, fourth.id, STAGES, fourth.config as PipelineConfig)).toBeNull();
    expect(warningOf(fourth.id)).toBeNull();
  });
});
