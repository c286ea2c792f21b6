import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import {
  instructions,
  llmCalls,
  projects,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { createVerifierPool, type VerifierPool } from "../../sandbox/pool";
import { crossValidateInstruction } from "./crossValidateStage";

let pool: VerifierPool;
beforeAll(() => {
  pool = createVerifierPool({ size: 1 });
});
afterAll(() => pool.close());

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const lowercase = "function evaluate(response) {\n  return response === response.toLowerCase();\n}";
const inverted = "function evaluate(response) {\n  return response !== response.toLowerCase();\n}";
const broken = "function evaluate(response) {\n  return response ===;\n}";

function seedInstruction(preset: "paper" | "code") {
  const config = configForPreset(preset);
  const project = t.db
    .insert(projects)
    .values({ name: `p-${Math.random()}`, config })
    .returning()
    .get();
  const instruction = t.db
    .insert(instructions)
    .values({
      projectId: project.id,
      text: "Answer in lowercase letters only.",
      normalizedHash: "h",
      pipelineStage: "verify-gen",
    })
    .returning()
    .get();
  const addFn = (source: string, call: number | null) =>
    t.db
      .insert(verifiers)
      .values({ instructionId: instruction.id, source, origin: "llm", llmCallId: call })
      .returning()
      .get();
  const addCase = (
    input: string,
    expected: boolean,
    raw: string | null = null,
    call: number | null = null,
  ) =>
    t.db
      .insert(testCases)
      .values({
        instructionId: instruction.id,
        input,
        expected,
        expectedRaw: raw,
        origin: "llm",
        llmCallId: call,
      })
      .returning()
      .get();
  const addCall = () =>
    t.db
      .insert(llmCalls)
      .values({
        projectId: project.id,
        requestHash: `h${Math.random()}`,
        role: "generator",
        model: "m",
        endpoint: "http://127.0.0.1:1/v1",
        request: {},
        status: "completed",
      })
      .returning()
      .get().id;
  return { config, instruction, addFn, addCase, addCall };
}

describe("cross-validation stage", () => {
  it("runs functions on cases in the sandbox and keeps what agrees (paper preset)", async () => {
    const { config, instruction, addFn, addCase } = seedInstruction("paper");
    const good = addFn(lowercase, null);
    const dup = addFn(`  ${lowercase}\n`, null);
    const bad = addFn(inverted, null);
    const good2 = addFn("function evaluate(r) { return !/[A-Z]/.test(r); }", null);
    const c1 = addCase("all lowercase here", true);
    const c2 = addCase("Has Capitals", false);
    const c3 = addCase("Has Capitals", false);
    const wrong = addCase("fine text", false);

    await crossValidateInstruction(t.db, pool, instruction.id, config);

    const fns = t.db.select().from(verifiers).all();
    const byId = new Map(fns.map((f) => [f.id, f]));
    expect(byId.get(good.id)).toMatchObject({
      pipelineStatus: "kept",
      accuracy: 1,
      compileStatus: "ok",
    });
    expect(byId.get(good2.id)).toMatchObject({ pipelineStatus: "kept", accuracy: 1 });
    expect(byId.get(dup.id)).toMatchObject({
      pipelineStatus: "dropped",
      dropReason: `duplicate of verifier #${byId.get(good.id)!.number}`,
    });
    expect(byId.get(bad.id)).toMatchObject({ pipelineStatus: "dropped", accuracy: 0 });
    const cases = new Map(
      t.db
        .select()
        .from(testCases)
        .all()
        .map((c) => [c.id, c]),
    );
    expect(cases.get(c1.id)?.pipelineStatus).toBe("kept");
    expect(cases.get(c2.id)?.pipelineStatus).toBe("kept");
    expect(cases.get(c3.id)).toMatchObject({
      pipelineStatus: "dropped",
      dropReason: `duplicate of test case #${c2.id}`,
    });
    // 1 of 3 functions agrees with the wrong case: 1/3 is not > 0.5.
    expect(cases.get(wrong.id)).toMatchObject({
      pipelineStatus: "dropped",
      dropReason: "functions agreeing 1/3, needs > 0.5",
    });
    expect(
      t.db.select().from(instructions).where(eq(instructions.id, instruction.id)).get(),
    ).toMatchObject({
      pipelineStage: "cross-validate",
      pipelineStatus: "pending",
    });
    // The execution matrix is stored: 3 distinct functions x 3 distinct cases.
    expect(t.db.select().from(verifierResults).all()).toHaveLength(9);
  });

  it("drops a function that does not compile with its cases, naming line and column", async () => {
    const { config, instruction, addFn, addCase, addCall } = seedInstruction("paper");
    const [brokenCall, goodCall] = [addCall(), addCall()];
    const fn = addFn(broken, brokenCall);
    addFn(lowercase, goodCall);
    const orphan = addCase("whatever", true, null, brokenCall);
    addCase("ok", true, null, goodCall);
    await crossValidateInstruction(t.db, pool, instruction.id, config);
    const row = t.db.select().from(verifiers).where(eq(verifiers.id, fn.id)).get();
    expect(row?.compileStatus).toBe("error");
    expect(row?.dropReason).toMatch(/^does not compile: .*\(line 2, column \d+\)$/);
    expect(t.db.select().from(testCases).where(eq(testCases.id, orphan.id)).get()?.dropReason).toBe(
      "written with a verifier that does not compile",
    );
  });

  it("drops the instruction under the code preset when there are too few functions", async () => {
    const { config, instruction, addFn, addCase } = seedInstruction("code");
    addFn(lowercase, null);
    addCase("abc", true, '"True"');
    await crossValidateInstruction(t.db, pool, instruction.id, config);
    const row = t.db.select().from(instructions).where(eq(instructions.id, instruction.id)).get();
    expect(row).toMatchObject({
      pipelineStatus: "dropped",
      dropReason: "cross-validation: 1 distinct compiled function(s), needs at least 3",
    });
    expect(t.db.select().from(testCases).get()?.dropReason).toBe(
      'expected value "True" is not a boolean',
    );
  });
});
