import { and, eq, sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { runs, stageProgress } from "@/db/schema";
import { addProject, pipelineSnapshot, smallConfig, spawnCliRun } from "../pipeline/testing/pipelineTestBed";
import { STAGES } from "../pipeline/types";
import { integrityCheck } from "./crashHarness";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a small pipeline against the fake LLM at `fakeUrl` twice: once through, and once killed
 * with SIGKILL in every stage (as soon as the stage has finished a unit) and resumed each time.
 * Reports where the kills landed, the integrity check after each, and whether the killed run
 * finished with exactly the reference run's data.
 */
export async function killRunInEveryStage(fakeUrl: string) {
  const reference = createTestDb();
  const killed = createTestDb();
  const watcher = openDatabase(killed.file);
  try {
    const ref = await spawnCliRun(reference.file, addProject(reference.db, smallConfig(fakeUrl))).exited;
    if (ref.code !== 0) throw new Error(`the reference run failed:\n${ref.output}`);
    const project = addProject(killed.db, smallConfig(fakeUrl));
    const runningUnits = (stage: string) =>
      watcher
        .select({ done: stageProgress.done })
        .from(stageProgress)
        .where(and(eq(stageProgress.stage, stage), eq(stageProgress.state, "running"), sql`${stageProgress.done} > 0`))
        .get();
    const killedIn: string[] = [];
    const integrity: string[] = [];
    for (const stage of STAGES) {
      const child = spawnCliRun(killed.file, project);
      while (!runningUnits(stage) && child.child.exitCode === null) await sleep(2);
      if (child.child.exitCode === null) {
        child.child.kill("SIGKILL");
        await child.exited;
        killedIn.push(stage);
      }
      integrity.push(integrityCheck(watcher));
    }
    const last = await spawnCliRun(killed.file, project).exited;
    return {
      killedIn,
      integrity,
      finalExit: last.code,
      finalOutput: last.output,
      states: watcher.select({ state: runs.state }).from(runs).all().map((r) => r.state),
      sameAsReference: JSON.stringify(pipelineSnapshot(killed.db)) === JSON.stringify(pipelineSnapshot(reference.db)),
      finalIntegrity: integrityCheck(watcher),
    };
  } finally {
    watcher.$client.close();
    killed.cleanup();
    reference.cleanup();
  }
}
