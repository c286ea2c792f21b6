import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import { failedUnits, llmCalls, stageProgress } from "@/db/schema";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { createLlmClient, type LlmEnvironment } from "../llm";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { createVerifierPool, type VerifierPool } from "../sandbox/pool";
import { executeRun } from "./runner";
import { createRun } from "./runs";
import { addProject, smallConfig } from "./testing/pipelineTestBed";

let pool: VerifierPool;
beforeAll(() => {
  pool = createVerifierPool({ size: 1 });
});
afterAll(() => pool.close());

const noEnv: LlmEnvironment = { values: {}, secret: () => undefined };

async function runOnce(
  fake: FakeLlmProcess,
  tweak: (c: PipelineConfig) => PipelineConfig = (c) => c,
  environment = noEnv,
) {
  const t = createTestDb();
  const config = tweak(smallConfig(fake.url));
  const projectId = addProject(t.db, config);
  const run = createRun(t.db, { projectId });
  const llm = createLlmClient({
    db: t.db,
    projectId,
    runId: run.id,
    roles: config.llm,
    budget: config.budget,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    environment,
  });
  const outcome = await executeRun({ db: t.db, runId: run.id, owner: "test:faults:1", pool, llm });
  llm.close();
  const calls = t.db.select().from(llmCalls).all();
  return {
    t,
    outcome,
    calls,
    failed: t.db.select().from(failedUnits).all(),
    stages: t.db.select().from(stageProgress).all(),
  };
}

describe("a run against an endpoint that misbehaves", () => {
  let fake: FakeLlmProcess;
  beforeAll(async () => {
    fake = await startFakeLlmProcess(["--latency-ms", "5"]);
  });
  afterAll(() => fake.stop());

  it(
    "retries 429 and 500, marks garbage as failed units with raw text, and finishes",
    { timeout: 120_000 },
    async () => {
      await fake.reset();
      await fake.script([
        { kind: "verify-gen", fault: "429", times: 4, retryAfterSeconds: 0 },
        { kind: "verify-gen", fault: "500", times: 2 },
        { kind: "verify-gen", fault: "length", times: 2 },
        { kind: "verify-gen", fault: "empty", times: 1 },
        { kind: "verify-gen", fault: "error-body", times: 1 },
        { kind: "verify-gen", fault: "malformed-json", times: 1 },
        { kind: "back-translate", fault: "hang", times: 1 },
      ]);
      const { t, outcome, calls, failed, stages } = await runOnce(fake, (c) => ({
        ...c,
        llm: { ...c.llm, generator: { ...c.llm.generator, timeoutMs: 500, maxAttempts: 3 } },
      }));
      expect(outcome).toEqual({ state: "finished" });
      // Every call the stages asked for ended completed or failed; none is left pending.
      expect(calls.filter((c) => c.status === "pending")).toEqual([]);
      for (const c of calls) {
        const attempts = (c.response as { attempts?: number } | null)?.attempts ?? 0;
        expect(attempts).toBeLessThanOrEqual(3);
      }
      const failedCalls = calls.filter((c) => c.status === "failed");
      // length x2 and empty fail at once; 429s spread over concurrent calls may or may not exhaust one.
      expect(failedCalls.length).toBeGreaterThanOrEqual(3);
      expect(failedCalls.every((c) => (c.error ?? "").length > 0)).toBe(true);
      expect(failedCalls.some((c) => /truncated/.test(c.error ?? ""))).toBe(true);
      // Failed calls become failed units the Runs page lists, with what came back.
      expect(failed.length).toBeGreaterThanOrEqual(failedCalls.length);
      expect(failed.filter((f) => f.stage === "verify-gen").length).toBeGreaterThan(0);
      for (const s of stages) expect(s.done, s.stage).toBe(s.total);
      const stats = await fake.stats();
      expect(stats.byOutcome["429"]).toBe(4);
      t.cleanup();
    },
  );

  it(
    "records 2 MB bodies, bodies that are not UTF-8 and bodies that stall half-way as failed units, and finishes",
    { timeout: 120_000 },
    async () => {
      await fake.reset();
      await fake.script([
        { kind: "verify-gen", fault: "big-body", times: 2 },
        { kind: "verify-gen", fault: "invalid-utf8", times: 2 },
        { kind: "verify-gen", fault: "stall-body", times: 2 },
      ]);
      const { t, outcome, calls, failed, stages } = await runOnce(fake, (c) => ({
        ...c,
        llm: { ...c.llm, generator: { ...c.llm.generator, timeoutMs: 3_000, maxAttempts: 1 } },
      }));
      expect(outcome).toEqual({ state: "finished" });
      expect(calls.filter((c) => c.status === "pending")).toEqual([]);
      const errors = failed.filter((f) => f.stage === "verify-gen").map((f) => f.error);
      expect(errors.filter((e) => /response body larger than 1024 KiB/.test(e))).toHaveLength(2);
      expect(errors.filter((e) => /not valid UTF-8/.test(e))).toHaveLength(2);
      expect(errors.filter((e) => /timed out after 3000 ms/.test(e))).toHaveLength(2);
      // Nothing of the 2 MB bodies was kept: the call rows hold no response at all.
      const big = calls.filter((c) => /larger than/.test(c.error ?? ""));
      expect(big).toHaveLength(2);
      for (const c of big) expect(JSON.stringify(c.response ?? null).length).toBeLessThan(1_000);
      for (const s of stages) expect(s.done, s.stage).toBe(s.total);
      expect((await fake.stats()).byOutcome).toMatchObject({ "big-body": 2, "invalid-utf8": 2 });
      t.cleanup();
    },
  );

  it(
    "stops after one call with a bad key, naming the role, endpoint and key variable",
    { timeout: 60_000 },
    async () => {
      const guarded = await startFakeLlmProcess(["--api-key", "right-key"]);
      onTestFinished(() => guarded.stop());
      const { t, outcome, calls } = await runOnce(
        guarded,
        (c) => ({
          ...c,
          llm: {
            generator: { ...c.llm.generator, apiKeyEnv: "TEST_GENERATOR_KEY" },
            judge: c.llm.judge,
          },
        }),
        { values: {}, secret: (name) => (name === "TEST_GENERATOR_KEY" ? "wrong-key" : undefined) },
      );
      expect(outcome.state).toBe("failed");
      expect(outcome.error).toContain("generator");
      expect(outcome.error).toContain(guarded.url);
      expect(outcome.error).toContain("TEST_GENERATOR_KEY");
      // The fake refuses before routing, so a refused request counts as a request, not a chat request.
      const stats = await guarded.stats();
      expect(stats.requests).toBe(1);
      expect(stats.byOutcome.unauthorized).toBe(1);
      expect(calls.map((c) => c.status)).toEqual(["failed"]);
      t.cleanup();
    },
  );

  it(
    "finishes with failed units when the endpoint goes away mid-run",
    { timeout: 120_000 },
    async () => {
      const leaving = await startFakeLlmProcess(["--latency-ms", "20"]);
      onTestFinished(() => leaving.stop());
      const t = createTestDb();
      const config = smallConfig(leaving.url);
      const projectId = addProject(t.db, {
        ...config,
        llm: {
          ...config.llm,
          generator: { ...config.llm.generator, maxAttempts: 2, timeoutMs: 500 },
        },
      });
      const run = createRun(t.db, { projectId });
      const llm = createLlmClient({
        db: t.db,
        projectId,
        runId: run.id,
        roles: config.llm,
        budget: config.budget,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        environment: noEnv,
      });
      const running = executeRun({
        db: t.db,
        runId: run.id,
        owner: "test:faults:2",
        pool,
        llm,
        onProgress: (e) => {
          if (e.stage === "verify-gen" && e.done === 5) void leaving.stop();
        },
      });
      const outcome = await running;
      llm.close();
      expect(outcome).toEqual({ state: "finished" });
      const calls = t.db.select().from(llmCalls).all();
      expect(calls.filter((c) => c.status === "pending")).toEqual([]);
      expect(calls.filter((c) => c.status === "failed").length).toBeGreaterThan(0);
      const vg = t.db
        .select()
        .from(stageProgress)
        .where(eq(stageProgress.stage, "verify-gen"))
        .get();
      expect(vg?.failed).toBeGreaterThan(0);
      expect(vg?.done).toBe(vg?.total);
      t.cleanup();
    },
  );
});
