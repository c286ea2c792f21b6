import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { instructionOfSample, instructionOfTestCase, instructionOfVerifier } from "./projectScope";
import {
  instructions,
  projects,
  queries,
  responses,
  samples,
  testCases,
  verifiers,
} from "./schema";
import { createTestDb } from "./testing/testDb";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

/** A project with `n` instructions, each with one verifier, one test case and one sample with one response. */
function project(name: string, n: number) {
  const id = t.db
    .insert(projects)
    .values({ name, preset: "paper", config: {} })
    .returning()
    .get().id;
  const queryId = t.db
    .insert(queries)
    .values({ projectId: id, text: `${name} query`, normalizedHash: name, length: 5 })
    .returning()
    .get().id;
  for (let i = 0; i < n; i++) {
    const instructionId = t.db
      .insert(instructions)
      .values({ projectId: id, text: `${name} ${i}`, normalizedHash: `${name}${i}` })
      .returning()
      .get().id;
    t.db.insert(verifiers).values({ instructionId, source: "x", origin: "llm" }).run();
    t.db
      .insert(testCases)
      .values({ instructionId, input: "x", expected: true, origin: "llm" })
      .run();
    const sampleId = t.db.insert(samples).values({ instructionId, queryId }).returning().get().id;
    t.db.insert(responses).values({ sampleId, sampleIndex: 0, text: "r" }).run();
  }
  return id;
}

describe("project scope through the instruction", () => {
  it("keeps each project's responses, verifiers and test cases and nothing of another", () => {
    const [a, b] = [project("a", 2), project("b", 3)];
    const n = sql<number>`count(*)`;
    const responsesOf = (p?: number) =>
      t.db
        .select({ n })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .innerJoin(instructions, instructionOfSample(p))
        .get()!.n;
    const verifiersOf = (p?: number) =>
      t.db.select({ n }).from(verifiers).innerJoin(instructions, instructionOfVerifier(p)).get()!.n;
    const casesOf = (p?: number) =>
      t.db.select({ n }).from(testCases).innerJoin(instructions, instructionOfTestCase(p)).get()!.n;
    for (const count of [responsesOf, verifiersOf, casesOf])
      expect([count(a), count(b), count(), count(999)]).toEqual([2, 3, 5, 0]);
  });
});

describe("lint keeps the links in this one module", () => {
  it("refuses an instruction join written by hand, either way round, and accepts the helper", async () => {
    const { ESLint } = await import("eslint");
    const eslint = new ESLint({ cwd: process.cwd() });
    const errorsOf = async (code: string, filePath = "server/services/probe.ts") =>
      (await eslint.lintText(code, { filePath }))[0]!.messages
        .filter((m) => m.ruleId === "no-restricted-syntax")
        .map((m) => m.message);
    const head =
      'import { eq } from "drizzle-orm";\nimport { instructions, samples, testCases, verifiers } from "@/db/schema";\nimport { instructionOfSample } from "@/db/projectScope";\n';
    for (const link of [
      "eq(instructions.id, samples.instructionId)",
      "eq(samples.instructionId, instructions.id)",
      "eq(instructions.id, verifiers.instructionId)",
      "eq(testCases.instructionId, instructions.id)",
    ]) {
      expect(
        await errorsOf(
          `${head}export const on = ${link};\nexport const used = [instructionOfSample];\n`,
        ),
        link,
      ).toEqual([expect.stringContaining("db/projectScope")]);
    }
    expect(
      await errorsOf(
        `${head}export const on = [instructionOfSample(1), eq(instructions.id, 3), eq(samples.id, 2), eq, testCases, verifiers];\n`,
      ),
    ).toEqual([]);
  }, 60_000);
});
