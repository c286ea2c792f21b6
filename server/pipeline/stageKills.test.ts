import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { killRunInEveryStage } from "../testing/stageKillHarness";
import { STAGES } from "./types";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "40"]);
});
afterAll(() => fake.stop());

describe("a run killed with SIGKILL once in every stage", () => {
  it("leaves an intact database each time, resumes, and ends as an uninterrupted run", { timeout: 240_000 }, async () => {
    const r = await killRunInEveryStage(fake.url);
    expect(r.killedIn).toEqual([...STAGES]);
    expect(r.integrity).toEqual(STAGES.map(() => "ok"));
    expect(r.finalExit, r.finalOutput).toBe(0);
    expect(r.states).toEqual(["finished"]);
    expect(r.sameAsReference).toBe(true);
    expect(r.finalIntegrity).toBe("ok");
  });
});
