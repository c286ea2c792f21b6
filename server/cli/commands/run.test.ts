import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { startFakeLlmProcess, type FakeLlmProcess } from "../../llm/testing/fakeLlmProcess";
import { addProject, runCli, smallConfig } from "../../pipeline/testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
});
afterAll(() => fake.stop());

describe("npm run autoif -- run, when nothing is kept", () => {
  it(
    "warns up front, then ends with exit code 3 and a warning naming cross-validate and crossValidate.minFunctions; a second run with nothing new exits 0",
    { timeout: 180_000 },
    async () => {
      const t = createTestDb();
      try {
        // The code preset needs 3 distinct functions; K = 2 cannot reach it.
        const base = smallConfig(fake.url, "code");
        const projectId = addProject(t.db, {
          ...base,
          verifyGen: { ...base.verifyGen, functionsPerInstruction: 2 },
        });
        const r = await runCli(t.file, [
          "run",
          "--project",
          String(projectId),
          "--to",
          "cross-validate",
        ]);
        expect(r.code, r.stdout + r.stderr).toBe(3);
        expect(r.stderr).toContain(
          "warning: verifyGen.functionsPerInstruction: K = 2 verifier(s) per instruction is below the minimum of 3 distinct compiled functions",
        );
        expect(r.stderr).toMatch(
          /autoif: warning: The run kept 0 of \d+ instructions: cross-validate dropped them all/,
        );
        expect(r.stderr).toContain(
          "setting crossValidate.minFunctions = 3 with verifyGen.functionsPerInstruction = 2",
        );
        const run = t.db.select().from(runs).where(eq(runs.projectId, projectId)).get()!;
        expect(run.state).toBe("finished");
        expect(run.warning).toMatch(
          /^The run kept 0 of \d+ instructions: cross-validate dropped them all/,
        );

        // A second run with nothing left to do is not told about the first run's settings: it
        // says so, and is no empty result of its own (exit 0).
        const again = await runCli(t.file, [
          "run",
          "--project",
          String(projectId),
          "--new",
          "--from",
          "cross-validate",
          "--to",
          "cross-validate",
        ]);
        expect(again.code, again.stdout + again.stderr).toBe(0);
        expect(again.stderr).not.toContain("The run kept 0");
        const second = t.db.select().from(runs).where(eq(runs.projectId, projectId)).all().at(-1)!;
        expect(second.warning).toMatch(/^The run had nothing new to do/);

        // --json carries the empty result of a run that had work and kept nothing.
        const other = createTestDb();
        try {
          const otherId = addProject(other.db, {
            ...base,
            verifyGen: { ...base.verifyGen, functionsPerInstruction: 2 },
          });
          const asJson = await runCli(other.file, [
            "run",
            "--project",
            String(otherId),
            "--to",
            "cross-validate",
            "--json",
          ]);
          expect(asJson.code, asJson.stderr).toBe(3);
          const json = JSON.parse(asJson.stdout) as {
            state: string;
            empty: { stage: string; item: string };
            configWarnings: Array<{ field: string }>;
          };
          expect(json.state).toBe("finished");
          expect(json.empty).toMatchObject({ item: "instructions", stage: "cross-validate" });
          // 2 calls x 3 cases also stay below the preset's 10 distinct cases.
          expect(json.configWarnings.map((w) => w.field)).toEqual([
            "verifyGen.functionsPerInstruction",
            "verifyGen.casesPerCall",
          ]);
        } finally {
          other.cleanup();
        }
      } finally {
        t.cleanup();
      }
    },
  );

  it(
    "exits 0 without a warning when the run keeps instructions",
    { timeout: 180_000 },
    async () => {
      const t = createTestDb();
      try {
        const projectId = addProject(t.db, smallConfig(fake.url));
        const r = await runCli(t.file, [
          "run",
          "--project",
          String(projectId),
          "--to",
          "back-translate",
        ]);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stderr).not.toContain("warning");
        expect(t.db.select({ warning: runs.warning }).from(runs).get()).toEqual({ warning: null });
      } finally {
        t.cleanup();
      }
    },
  );
});
