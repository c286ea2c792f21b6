import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import {
  instructions,
  preferencePairs,
  responses,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { createVerifierPool, type VerifierPool } from "../sandbox/pool";
import { loadReplayInput } from "../pipeline/replay";
import { currentFunctions } from "../pipeline/currentVerifiers";
import { createRun } from "../pipeline/runs";
import { executeStage } from "../pipeline/stages/execute";
import type { StageContext, StageProgress } from "../pipeline/types";
import { InvalidInputError } from "../errors";
import { getInstructionAudit } from "./instructionAudit";
import { labelResponse } from "./responseLabels";
import { outcomesOf } from "./responseList";
import { addTestCase, deleteTestCase, updateTestCase } from "./testCases";
import { saveVerifierVersion, verifierVersions } from "./verifierVersions";
import { buildAuditFixture, NO_CAPITALS } from "./testing/auditFixture";

let pool: VerifierPool;
let t: ReturnType<typeof createTestDb>;
beforeAll(() => {
  pool = createVerifierPool({ size: 1 });
});
afterAll(() => pool.close());
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const passRates = (ids: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(ids).map(([k, id]) => [
      k,
      t.db.select({ p: responses.passRate }).from(responses).where(eq(responses.id, id)).get()?.p,
    ]),
  );

describe("verifier audit: versions, recompute, cases, labels", () => {
  it("runs current verifiers on unexecuted responses and sets pass rates from the kept ones", async () => {
    const f = await buildAuditFixture(t.db, pool, "fill");
    const status = t.db
      .select({ id: verifiers.id, s: verifiers.pipelineStatus })
      .from(verifiers)
      .all();
    expect(status.find((v) => v.id === f.verifierIds.always)?.s).toBe("dropped");
    expect(passRates(f.responseIds)).toEqual({ lower: 1, mixed: 0, upper: 0, short: 1 });
    expect(t.db.select().from(preferencePairs).all()).toHaveLength(4);
  });

  it("names verifiers by their per-project number, not the database id: outcomes, the audit, a retired version and an identical save", async () => {
    await buildAuditFixture(t.db, pool, "earlier project"); // its verifiers take the first ids
    const f = await buildAuditFixture(t.db, pool, "numbers");
    const audit = getInstructionAudit(t.db, f.instructionId, 100);
    const numberOf = new Map(audit.verifiers.map((v) => [v.id, v.number]));
    expect([...numberOf.keys()].some((id) => numberOf.get(id) !== id)).toBe(true);
    expect([...numberOf.values()].sort()).toEqual(audit.verifiers.map((_, i) => i + 1));
    for (const r of audit.responses) expect(r.number).toBeLessThanOrEqual(audit.responseTotal);
    const outcomes = outcomesOf(t.db, [f.responseIds.lower]).get(f.responseIds.lower)!;
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(o.verifierNumber).toBe(numberOf.get(o.verifierId));

    const parent = f.verifierIds.noCapitals;
    const saved = await saveVerifierVersion(t.db, pool, {
      verifierId: parent,
      source: NO_CAPITALS.replace("return ", "return response.length > 3 && "),
      author: "ada",
    });
    const [v1, v2] = verifierVersions(t.db, saved.id);
    expect(v2!.number).toBe(Math.max(...[...numberOf.values()].map(Number)) + 1);
    expect(v1!.dropReason).toBe(`superseded by version 2 (#${v2!.number})`);
    const other = audit.verifiers.find((v) => v.id !== parent && v.pipelineStatus === "kept")!;
    await expect(
      saveVerifierVersion(t.db, pool, {
        verifierId: saved.id,
        source: other.source,
        author: "ada",
      }),
    ).rejects.toThrow(`identical to verifier #${other.number};`);
  });

  it("saves an edit as version 2, retires version 1 and reports the responses whose pass rate moved", async () => {
    const f = await buildAuditFixture(t.db, pool, "edit");
    const longer = NO_CAPITALS.replace("return ", "return response.length > 3 && ");
    const saved = await saveVerifierVersion(t.db, pool, {
      verifierId: f.verifierIds.noCapitals,
      source: longer,
      author: "ada",
    });
    expect(saved.version).toBe(2);
    expect(passRates(f.responseIds)).toEqual({ lower: 1, mixed: 0, upper: 0, short: 0.5 });
    expect(saved.change.responses.moved).toBe(1);
    expect(saved.change.responses.examples[0]).toMatchObject({
      id: f.responseIds.short,
      passRateBefore: 1,
      passRateAfter: 0.5,
      statusBefore: "kept",
      statusAfter: "dropped",
    });
    expect(saved.change.functions.changed.map((c) => [c.id, c.before, c.after])).toEqual(
      expect.arrayContaining([
        [f.verifierIds.noCapitals, "kept", "dropped"],
        [saved.id, null, "kept"],
      ]),
    );
    const line = verifierVersions(t.db, saved.id);
    expect(line.map((v) => [v.version, v.origin, v.author])).toEqual([
      [1, "llm", null],
      [2, "user", "ada"],
    ]);
    expect(line[0]!.dropReason).toBe(`superseded by version 2 (#${saved.id})`);
    // Project-wide replay sees the new version, not the one it replaced.
    expect(loadReplayInput(t.db, f.projectId)[0]!.functionIds).toEqual([
      f.verifierIds.lower,
      f.verifierIds.always,
      saved.id,
    ]);
    await expect(
      saveVerifierVersion(t.db, pool, {
        verifierId: f.verifierIds.noCapitals,
        source: "// mine\n" + NO_CAPITALS,
        author: "bo",
      }),
    ).rejects.toThrow(/edited by someone else/);
  });

  it("refuses code that does not compile with the line, and writes nothing", async () => {
    const f = await buildAuditFixture(t.db, pool, "broken");
    const before = t.db.select().from(verifiers).all().length;
    const error = await saveVerifierVersion(t.db, pool, {
      verifierId: f.verifierIds.lower,
      source: "function evaluate(r) {\n  return (;\n}",
      author: "ada",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/does not compile: .*line 2/);
    expect((error as InvalidInputError).problems[0]).toMatchObject({ field: "source", line: 2 });
    expect(t.db.select().from(verifiers).all()).toHaveLength(before);
  });

  it("adds, edits and deletes test cases, rerunning the verifiers and cross-validation each time", async () => {
    const f = await buildAuditFixture(t.db, pool, "cases");
    // A case the always-true verifier gets wrong lowers its accuracy; it was already dropped at 0.5.
    const added = await addTestCase(t.db, pool, f.instructionId, { input: "NO", expected: false });
    expect(added.change.cases.total).toBe(5);
    expect(added.change.functions.changed.find((c) => c.id === f.verifierIds.always)).toMatchObject(
      { accuracyBefore: 0.5, accuracyAfter: 0.4 },
    );
    // Expecting the wrong answer makes the two right verifiers disagree with it: the case is dropped.
    const edited = await updateTestCase(t.db, pool, added.id, { input: "NO", expected: true });
    expect(edited.change.cases.changed).toEqual([
      { id: added.id, before: "kept", after: "dropped" },
    ]);
    await deleteTestCase(t.db, pool, added.id);
    expect(t.db.select().from(testCases).where(eq(testCases.id, added.id)).get()).toBeUndefined();
    expect(
      getInstructionAudit(t.db, f.instructionId).caseResults.some((r) => r.targetId === added.id),
    ).toBe(false);
  });

  it("measures each verifier and the kept majority against reviewers' labels", async () => {
    const f = await buildAuditFixture(t.db, pool, "labels");
    // Humans: "UPPER" violates, "ok" follows, "Mixed Case" violates, "all lower here" follows; one reviewer changes their mind.
    labelResponse(t.db, { responseId: f.responseIds.upper, label: "follows", reviewer: "ada" });
    labelResponse(t.db, { responseId: f.responseIds.upper, label: "violates", reviewer: "ada" });
    labelResponse(t.db, { responseId: f.responseIds.short, label: "follows", reviewer: "ada" });
    labelResponse(t.db, { responseId: f.responseIds.mixed, label: "violates", reviewer: "bo" });
    labelResponse(t.db, { responseId: f.responseIds.lower, label: "follows", reviewer: "bo" });
    const audit = getInstructionAudit(t.db, f.instructionId);
    expect(audit.responses.find((r) => r.id === f.responseIds.upper)?.label).toBe("violates");
    const always = audit.agreement.verifiers.find((v) => v.verifierId === f.verifierIds.always)!;
    expect(always).toMatchObject({
      n: 4,
      truePositive: 2,
      falsePositive: 2,
      accuracy: 0.5,
      precision: 0.5,
      recall: 1,
    });
    expect(audit.agreement.majority.accuracy).toBe(1);
    expect(audit.agreement.kappa).toBe(1);
  });

  it("the execute stage runs the current functions (the query replay and the recompute read), not a version an edit replaced", async () => {
    const f = await buildAuditFixture(t.db, pool, "execute");
    // A reviewer edits a verifier after cross-validation, then the run goes on to execute.
    const edited = NO_CAPITALS.replace("return ", "return response.length > 3 && ");
    const saved = await saveVerifierVersion(t.db, pool, {
      verifierId: f.verifierIds.noCapitals,
      source: edited,
      author: "ada",
    });
    const ids = Object.values(f.responseIds);
    t.db
      .update(instructions)
      .set({ pipelineStage: "respond", pipelineStatus: "kept" })
      .where(eq(instructions.id, f.instructionId))
      .run();
    t.db
      .delete(verifierResults)
      .where(
        and(eq(verifierResults.targetKind, "response"), inArray(verifierResults.targetId, ids)),
      )
      .run();
    t.db
      .update(responses)
      .set({ passRate: null, pipelineStatus: "pending" })
      .where(inArray(responses.id, ids))
      .run();

    const progress: StageProgress = {
      setTotal: () => {},
      unitDone: () => {},
      unitFailed: (key, error) => {
        throw new Error(`${key}: ${error}`);
      },
      status: () => {},
    };
    const ctx = {
      db: t.db,
      runId: createRun(t.db, { projectId: f.projectId }).id,
      projectId: f.projectId,
      config: configForPreset("paper"),
      llm: undefined as never,
      pool,
      progress,
      signal: new AbortController().signal,
    } satisfies StageContext;
    await executeStage(ctx);

    const ran = [
      ...new Set(
        t.db
          .select({ id: verifierResults.verifierId })
          .from(verifierResults)
          .where(eq(verifierResults.targetKind, "response"))
          .all()
          .map((r) => r.id),
      ),
    ].sort((a, b) => a - b);
    expect(ran).toEqual(currentFunctions(t.db, f.instructionId).map((fn) => fn.id));
    expect(ran).toContain(saved.id);
    expect(ran).not.toContain(f.verifierIds.noCapitals);
    // The pass rates come from the kept current functions: "ok" fails the edited length check.
    expect(passRates(f.responseIds)).toEqual({ lower: 1, mixed: 0, upper: 0, short: 0.5 });
    expect(
      t.db
        .select({ s: instructions.pipelineStage })
        .from(instructions)
        .where(eq(instructions.id, f.instructionId))
        .get()!.s,
    ).toBe("execute");
  });
});
