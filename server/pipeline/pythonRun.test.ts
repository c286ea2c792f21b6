import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, llmCalls, testCases, verifiers } from "@/db/schema";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { addProject, smallConfig, spawnCliRun } from "./testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
});
afterAll(() => fake.stop());

describe("a run with verifyGen.language = python", () => {
  it("asks with the Python prompt and stores every verifier as Python with its cases", { timeout: 180_000 }, async () => {
    const t = createTestDb();
    try {
      const base = smallConfig(fake.url);
      const projectId = addProject(t.db, { ...base, verifyGen: { ...base.verifyGen, language: "python" } });
      const run = await spawnCliRun(t.file, projectId, ["--to", "verify-gen"]).exited;
      expect(run.code, run.output).toBe(0);
      const fns = t.db.select({ source: verifiers.source, language: verifiers.language }).from(verifiers).innerJoin(instructions, eq(instructions.id, verifiers.instructionId)).where(eq(instructions.projectId, projectId)).all();
      expect(fns.length).toBeGreaterThan(10);
      expect(fns.every((f) => f.language === "python" && /^def evaluate\(response\):$/m.test(f.source) && !f.source.includes("function evaluate"))).toBe(true);
      expect(t.db.select().from(testCases).all().length).toBeGreaterThanOrEqual(fns.length);
      const asked = t.db.select({ request: llmCalls.request }).from(llmCalls).all().map((c) => JSON.stringify(c.request));
      expect(asked.filter((r) => r.includes("prompt verify-gen-python@v1")).length).toBeGreaterThanOrEqual(fns.length);
      expect(asked.some((r) => r.includes("prompt verify-gen@v1"))).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
