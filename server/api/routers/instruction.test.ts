import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, testCases, verifiers } from "@/db/schema";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
});
afterEach(() => t.cleanup());

function addInstruction(
  projectId: number,
  text: string,
  status: "pending" | "kept" | "dropped",
  fns: Array<"kept" | "dropped">,
  cases: number,
) {
  const row = t.db
    .insert(instructions)
    .values({
      projectId,
      text,
      normalizedHash: text,
      pipelineStatus: status,
      dropReason: status === "dropped" ? "cross-validation: 0 test case(s) kept" : null,
    })
    .returning()
    .get();
  for (const s of fns)
    t.db
      .insert(verifiers)
      .values({
        instructionId: row.id,
        source: "function evaluate(r) { return true; }",
        origin: "llm",
        pipelineStatus: s,
      })
      .run();
  for (let i = 0; i < cases; i++)
    t.db
      .insert(testCases)
      .values({
        instructionId: row.id,
        input: `case ${i}`,
        expected: true,
        origin: "llm",
        pipelineStatus: i === 0 ? "dropped" : "kept",
      })
      .run();
  return row.id;
}

describe("instruction router", () => {
  it("lists instructions with each one's own verifier and case counts, filtered by status", async () => {
    const { id: projectId } = await api.project.create({ name: "Instr" });
    addInstruction(projectId, "Use no commas.", "kept", ["kept", "dropped"], 3);
    addInstruction(projectId, "Write in capitals.", "dropped", ["dropped"], 1);
    const all = await api.instruction.list({ projectId });
    expect(all.total).toBe(2);
    expect(
      all.rows.map((r) => [r.text, r.keptVerifiers, r.verifiers, r.keptCases, r.cases]),
    ).toEqual([
      ["Use no commas.", 1, 2, 2, 3],
      ["Write in capitals.", 0, 1, 0, 1],
    ]);
    expect(all.counts).toMatchObject({
      all: 2,
      status: { kept: 1, dropped: 1 },
      review: { unreviewed: 2 },
      compileError: 0,
      runtimeError: 0,
    });
    expect(all.counts.reasons).toEqual([
      { group: "cross-validation: N test case(s) kept", count: 1 },
    ]);
    expect(
      (
        await api.instruction.list({ projectId, reason: "cross-validation: N test case(s) kept" })
      ).rows.map((r) => r.text),
    ).toEqual(["Write in capitals."]);
    const dropped = await api.instruction.list({ projectId, status: "dropped" });
    expect(dropped.rows.map((r) => r.dropReason)).toEqual([
      "cross-validation: 0 test case(s) kept",
    ]);
    expect((await api.instruction.list({ projectId, search: "comma" })).rows).toHaveLength(1);
  });

  it("flags instructions with a verifier that does not compile, and records reviews with the reviewer", async () => {
    const { id: projectId } = await api.project.create({ name: "Flags" });
    const id = addInstruction(projectId, "Say hi.", "pending", ["dropped"], 0);
    t.db
      .update(verifiers)
      .set({ compileStatus: "error" })
      .where(eq(verifiers.instructionId, id))
      .run();
    addInstruction(projectId, "Say bye.", "pending", ["kept"], 0);
    const flagged = await api.instruction.list({ projectId, flag: "compile-error" });
    expect(flagged.rows.map((r) => [r.text, r.compileErrors])).toEqual([["Say hi.", 1]]);
    expect(flagged.counts.compileError).toBe(1);
    await api.instruction.review({ id, verdict: "reject", reason: "too vague", reviewer: "ada" });
    expect(
      (await api.instruction.list({ projectId, review: "rejected" })).rows.map((r) => r.id),
    ).toEqual([id]);
    expect(await api.instruction.reviewHistory({ id })).toMatchObject([
      { verdict: "reject", reason: "too vague", reviewer: "ada" },
    ]);
    await expect(
      api.instruction.review({ id, verdict: "approve", reviewer: "  " }),
    ).rejects.toThrow(/reviewer name/);
  });

  it("opens one instruction with its verifiers and cases", async () => {
    const { id: projectId } = await api.project.create({ name: "One" });
    const id = addInstruction(projectId, "End with a question mark.", "pending", ["kept"], 2);
    const detail = await api.instruction.byId({ id });
    expect(detail.verifiers).toHaveLength(1);
    expect(detail.cases.map((c) => c.pipelineStatus)).toEqual(["dropped", "kept"]);
  });
});
