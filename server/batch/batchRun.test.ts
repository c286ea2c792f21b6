import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import { llmCalls, runs } from "@/db/schema";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { FAKE_LLM_ENTRY } from "../llm/scripted/fakeLlmServer";
import {
  addProject,
  pipelineSnapshot,
  runCli,
  smallConfig,
  spawnCliRun,
} from "../pipeline/testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "1"]);
});
afterAll(() => fake.stop());

/** `npm run fake-llm -- run-batch -i <in> -o <out>`: the scripted stand-in for `vllm run-batch`, as its own process. */
function scriptedRunBatch(input: string, output: string) {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(
    process.execPath,
    [tsx, FAKE_LLM_ENTRY, "run-batch", "-i", input, "-o", output],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise<void>((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`run-batch exited ${code}: ${out}`)),
    ),
  );
}

/**
 * Drives a run through batch files as a user would from a terminal: export, run every waiting
 * file through the scripted run-batch, import the outputs, export again, until the run finishes.
 */
async function runOffline(file: string, projectId: number, stages: string) {
  const rounds: string[] = [];
  for (let round = 0; round < 40; round++) {
    const exported = await runCli(file, [
      "batch",
      "export",
      "--project",
      String(projectId),
      "--stages",
      stages,
    ]);
    expect(exported.code, exported.stderr + exported.stdout).toBe(0);
    const status = await runCli(file, [
      "batch",
      "status",
      "--project",
      String(projectId),
      "--json",
    ]);
    expect(status.code, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout) as {
      state: string;
      jobs: Array<{
        id: number;
        stage: string;
        state: string;
        files: Array<{ name: string; path: string; waiting: number }>;
      }>;
    };
    if (s.state === "finished") return rounds;
    const waiting = s.jobs.filter((j) => j.state === "waiting");
    expect(
      waiting.length,
      `round ${round}: run is ${s.state} without waiting batch files`,
    ).toBeGreaterThan(0);
    const outputs: string[] = [];
    for (const job of waiting) {
      rounds.push(job.stage);
      for (const f of job.files.filter((x) => x.waiting > 0)) {
        const out = `${f.path}.out.jsonl`;
        await scriptedRunBatch(f.path, out);
        outputs.push(out);
      }
    }
    const imported = await runCli(file, [
      "batch",
      "import",
      "--project",
      String(projectId),
      ...outputs,
    ]);
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    // Importing the same files again changes nothing.
    const again = await runCli(file, [
      "batch",
      "import",
      "--project",
      String(projectId),
      "--json",
      ...outputs,
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { imported: number }).imported).toBe(0);
  }
  throw new Error(`the run did not finish in 40 batch rounds: ${rounds.join(", ")}`);
}

describe("a run through offline batch files", () => {
  it(
    "gives the same rows as a live run, all stages offline and with only some offline",
    { timeout: 600_000 },
    async () => {
      const live = createTestDb();
      const liveProject = addProject(live.db, smallConfig(fake.url));
      const liveRun = await spawnCliRun(live.file, liveProject).exited;
      expect(liveRun.code, liveRun.output).toBe(0);
      const expected = pipelineSnapshot(live.db);
      expect(expected.some((r) => r.startsWith("P "))).toBe(true);

      // Every LLM stage offline, against an endpoint that does not exist: not one live call.
      const offline = createTestDb();
      const offlineProject = addProject(offline.db, smallConfig("http://127.0.0.1:9/v1"));
      const rounds = await runOffline(offline.file, offlineProject, "all");
      expect(new Set(rounds)).toEqual(
        new Set(["augment", "verify-gen", "back-translate", "respond", "score"]),
      );
      expect(pipelineSnapshot(offline.db)).toEqual(expected);
      const endpoints = new Set(
        offline.db
          .select({ endpoint: llmCalls.endpoint })
          .from(llmCalls)
          .all()
          .map((c) => c.endpoint.replace(/\d+$/, "")),
      );
      expect(endpoints).toEqual(new Set(["batch:"]));

      // Mixed: respond and score offline, the rest live; the live calls of the first process are
      // served again from the call log when the run continues.
      const mixed = createTestDb();
      const mixedProject = addProject(mixed.db, smallConfig(fake.url));
      const mixedRounds = await runOffline(mixed.file, mixedProject, "respond,score");
      expect(new Set(mixedRounds)).toEqual(new Set(["respond", "score"]));
      expect(pipelineSnapshot(mixed.db)).toEqual(expected);
      expect(
        mixed.db
          .select({ state: runs.state })
          .from(runs)
          .where(eq(runs.projectId, mixedProject))
          .get()?.state,
      ).toBe("finished");
      for (const t of [live, offline, mixed]) t.cleanup();
      fs.rmSync(path.join(path.dirname(offline.file), "batches"), { recursive: true, force: true });
    },
  );
});
