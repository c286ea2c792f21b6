import { and, eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { runs, stageProgress } from "@/db/schema";
import {
  addProject,
  pipelineSnapshot,
  smallConfig,
  spawnCliRun,
} from "../pipeline/testing/pipelineTestBed";
import { STAGES } from "../pipeline/types";
import { integrityCheck } from "./crashHarness";

/**
 * Runs a small pipeline against the fake LLM at `fakeUrl` twice: once through, and once killed
 * with SIGKILL in every stage and resumed each time. Each kill is a kill point, not a watcher:
 * the run process SIGKILLs itself right after the `unit`-th unit it finishes in that stage has
 * committed (AUTOIF_TEST_KILL_AT=stage:<stage>:<unit>, see server/killPoints.ts), so it lands in
 * that stage every time whatever the machine's load. Reports, per kill, the signal, the stage's
 * progress row and the integrity check, and whether the killed run finished with exactly the
 * reference run's data.
 */
export async function killRunInEveryStage(fakeUrl: string, unit = 1) {
  // Compose is off in both presets; on here, so the run has units in every one of its stages.
  const base = smallConfig(fakeUrl);
  const config = {
    ...base,
    compose: { ...base.compose, enabled: true, count: 4, sizeWeights: "1", witnessAttempts: 1 },
  };
  const reference = createTestDb();
  const killed = createTestDb();
  const watcher = openDatabase(killed.file);
  try {
    const ref = await spawnCliRun(reference.file, addProject(reference.db, config)).exited;
    if (ref.code !== 0) throw new Error(`the reference run failed:\n${ref.output}`);
    const project = addProject(killed.db, config);
    const killedIn: string[] = [];
    const integrity: string[] = [];
    const progressAtKill: Array<{ stage: string; state: string; done: number; total: number }> = [];
    for (const stage of STAGES) {
      const r = await spawnCliRun(killed.file, project, [], {
        AUTOIF_TEST_KILL_AT: `stage:${stage}:${unit}`,
      }).exited;
      if (r.signal !== "SIGKILL")
        throw new Error(
          `the run was to kill itself in ${stage} but ended with ${r.signal ?? `exit ${r.code}`}:\n${r.output}`,
        );
      killedIn.push(stage);
      const row = watcher
        .select()
        .from(stageProgress)
        .where(and(eq(stageProgress.stage, stage)))
        .get();
      progressAtKill.push({
        stage,
        state: row?.state ?? "none",
        done: row?.done ?? 0,
        total: row?.total ?? 0,
      });
      integrity.push(integrityCheck(watcher));
    }
    const last = await spawnCliRun(killed.file, project).exited;
    return {
      killedIn,
      progressAtKill,
      integrity,
      finalExit: last.code,
      finalOutput: last.output,
      states: watcher
        .select({ state: runs.state })
        .from(runs)
        .all()
        .map((r) => r.state),
      sameAsReference:
        JSON.stringify(pipelineSnapshot(killed.db)) ===
        JSON.stringify(pipelineSnapshot(reference.db)),
      finalIntegrity: integrityCheck(watcher),
    };
  } finally {
    watcher.$client.close();
    killed.cleanup();
    reference.cleanup();
  }
}
