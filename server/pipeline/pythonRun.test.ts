import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import {
  instructions,
  llmCalls,
  preferencePairs,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { addProject, smallConfig, spawnCliRun } from "./testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
});
afterAll(() => fake.stop());

const requests = (t: ReturnType<typeof createTestDb>) =>
  t.db
    .select({ request: llmCalls.request })
    .from(llmCalls)
    .all()
    .map((c) => JSON.stringify(c.request));

describe("a run with verifyGen.language = python", () => {
  it(
    "asks with the Python prompts, runs the Python verifiers in Pyodide through every stage, and keeps instructions and pairs",
    { timeout: 600_000 },
    async () => {
      const t = createTestDb();
      try {
        const base = smallConfig(fake.url);
        // Pyodide starts in seconds, and the machine may be loaded: a deadline the JS tests do not need.
        const projectId = addProject(t.db, {
          ...base,
          verifyGen: { ...base.verifyGen, language: "python" },
          sandbox: { ...base.sandbox, deadlineMs: 1000 },
        });
        const run = await spawnCliRun(t.file, projectId).exited;
        expect(run.code, run.output).toBe(0);
        const fns = t.db
          .select({
            id: verifiers.id,
            source: verifiers.source,
            language: verifiers.language,
            compileStatus: verifiers.compileStatus,
            compileError: verifiers.compileError,
            pipelineStatus: verifiers.pipelineStatus,
          })
          .from(verifiers)
          .innerJoin(instructions, eq(instructions.id, verifiers.instructionId))
          .where(eq(instructions.projectId, projectId))
          .all();
        expect(fns.length).toBeGreaterThan(10);
        expect(
          fns.every(
            (f) =>
              f.language === "python" &&
              /^def evaluate\(response\):$/m.test(f.source) &&
              !f.source.includes("function evaluate"),
          ),
        ).toBe(true);
        expect(t.db.select().from(testCases).all().length).toBeGreaterThanOrEqual(fns.length);
        const asked = requests(t);
        expect(asked.some((r) => r.includes("prompt verify-gen-python@v1"))).toBe(true);
        expect(asked.some((r) => r.includes("prompt verify-gen@v1"))).toBe(false);
        expect(asked.some((r) => r.includes("prompt back-translate-python@v1"))).toBe(true);
        expect(asked.some((r) => r.includes("prompt back-translate@v1"))).toBe(false);

        // Compiled by Pyodide: the scripted syntax errors (a trailing ` and`) are Python's, located.
        const broken = fns.filter((f) => f.compileStatus === "error");
        expect(broken.length).toBeGreaterThan(0);
        for (const f of broken)
          expect(f.compileError).toMatch(/SyntaxError.*\(line \d+, column \d+\)/);
        expect(fns.filter((f) => f.compileStatus === "ok").length).toBeGreaterThan(broken.length);

        // Kept Python verifiers ran on cases and responses, with verdicts (not all errors).
        const kept = fns.filter((f) => f.pipelineStatus === "kept");
        expect(kept.length).toBeGreaterThan(0);
        const results = t.db
          .select({ outcome: verifierResults.outcome, kind: verifierResults.targetKind })
          .from(verifierResults)
          .where(
            inArray(
              verifierResults.verifierId,
              kept.map((f) => f.id),
            ),
          )
          .all();
        expect(
          results.filter((r) => r.kind === "response" && r.outcome === "pass").length,
        ).toBeGreaterThan(0);
        expect(
          results.filter((r) => r.kind === "response" && r.outcome === "fail").length,
        ).toBeGreaterThan(0);
        expect(
          t.db
            .select()
            .from(instructions)
            .where(
              and(eq(instructions.projectId, projectId), eq(instructions.pipelineStatus, "kept")),
            )
            .all().length,
        ).toBeGreaterThan(0);
        expect(t.db.select().from(preferencePairs).all().length).toBeGreaterThan(0);
      } finally {
        t.cleanup();
      }
    },
  );
});
