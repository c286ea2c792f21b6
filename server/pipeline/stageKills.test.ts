import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { killRunInEveryStage } from "../testing/stageKillHarness";
import { STAGES } from "./types";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess();
});
afterAll(() => fake.stop());

describe("a run killed with SIGKILL once in every stage", () => {
  it(
    "dies in each of the ten stages, leaves an intact database each time, resumes, and ends as an uninterrupted run",
    { timeout: 240_000 },
    async () => {
      const r = await killRunInEveryStage(fake.url);
      expect(r.killedIn).toEqual([...STAGES]);
      // Each kill landed inside its stage: the stage was running with one unit committed by the killed process.
      for (const p of r.progressAtKill) {
        expect(p.state, p.stage).toBe("running");
        expect(p.done, p.stage).toBeGreaterThanOrEqual(1);
      }
      expect(r.integrity).toEqual(STAGES.map(() => "ok"));
      expect(r.finalExit, r.finalOutput).toBe(0);
      expect(r.states).toEqual(["finished"]);
      expect(r.sameAsReference).toBe(true);
      expect(r.finalIntegrity).toBe("ok");
    },
  );
});
