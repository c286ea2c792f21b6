import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { startFakeLlmProcess, type FakeLlmProcess } from "../../llm/testing/fakeLlmProcess";
import { projectFunnel } from "../../pipeline/funnel";
import {
  addProject,
  runCli,
  smallConfig,
  spawnCliRun,
} from "../../pipeline/testing/pipelineTestBed";

let fake: FakeLlmProcess;
let t: ReturnType<typeof createTestDb>;
let projectId: number;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
  t = createTestDb();
  projectId = addProject(t.db, smallConfig(fake.url));
  const run = await spawnCliRun(t.file, projectId).exited;
  if (run.code !== 0) throw new Error(run.output);
}, 180_000);
afterAll(async () => {
  t.cleanup();
  await fake.stop();
});

describe("npm run autoif -- replay", () => {
  it(
    "names the field, its value and the bound of a bad threshold, and writes nothing",
    { timeout: 60_000 },
    async () => {
      const before = projectFunnel(t.db, projectId);
      const r = await runCli(t.file, [
        "replay",
        "--project",
        String(projectId),
        "--set",
        "score.threshold=11",
        "--apply",
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "autoif: The thresholds are invalid: score.threshold = 11: Must be at most 10.",
      );
      const two = await runCli(t.file, [
        "replay",
        "--project",
        String(projectId),
        "--set",
        "score.threshold=-1",
        "execute.sftPassRateThreshold=2",
      ]);
      expect(two.stderr).toContain(
        "execute.sftPassRateThreshold = 2: Must be at most 1.; score.threshold = -1: Must be at least 0.",
      );
      expect(projectFunnel(t.db, projectId)).toEqual(before);
    },
  );

  it(
    "shows the kept counts now and at the new thresholds side by side, and why replay and funnel totals differ",
    { timeout: 60_000 },
    async () => {
      const json = await runCli(t.file, [
        "replay",
        "--project",
        String(projectId),
        "--set",
        "execute.sftPassRateThreshold=1",
        "--json",
      ]);
      expect(json.code, json.stderr).toBe(0);
      const out = JSON.parse(json.stdout) as {
        current: { responses: { kept: number } };
        summary: { responses: { kept: number } };
        reconcile: Array<{
          item: string;
          funnelTotal: number;
          replayTotal: number;
          why: string | null;
        }>;
      };
      const funnel = projectFunnel(t.db, projectId);
      expect(out.current.responses.kept).toBe(funnel.find((f) => f.item === "responses")!.kept);
      expect(out.summary.responses.kept).toBeLessThan(out.current.responses.kept);
      const instr = out.reconcile.find((r) => r.item === "instructions")!;
      expect(instr.funnelTotal).toBe(funnel.find((f) => f.item === "instructions")!.total);
      // Every gap is explained, and a total that matches needs no word.
      for (const r of out.reconcile) expect(r.why === null).toBe(r.funnelTotal === r.replayTotal);

      const text = await runCli(t.file, [
        "replay",
        "--project",
        String(projectId),
        "--set",
        "execute.sftPassRateThreshold=1",
      ]);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/items\s+replayed\s+kept now\s+kept at new\s+change/);
      const line = text.stdout.split("\n").find((l) => l.startsWith("responses"))!;
      expect(line.trim().split(/\s+/).slice(1, 4).map(Number)).toEqual([
        funnel.find((f) => f.item === "responses")!.total,
        out.current.responses.kept,
        out.summary.responses.kept,
      ]);
      if (instr.why)
        expect(text.stdout).toContain(
          `instructions: ${instr.funnelTotal} in the funnel, ${instr.replayTotal} replayed; ${instr.why}`,
        );
    },
  );
});
