import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { getVerifierPool } from "../../sandbox/sharedPool";
import { buildAuditFixture, LOWER, LOWER_PY } from "../../services/testing/auditFixture";
import { createCaller } from "../root";

let t: ReturnType<typeof createTestDb>;
let api: ReturnType<typeof createCaller>;
beforeEach(() => {
  t = createTestDb();
  api = createCaller({ db: t.db });
});
afterEach(() => t.cleanup());
afterAll(() => getVerifierPool().close());

describe("verifier router", () => {
  it("refuses code that does not compile as a bad request carrying the line, then saves a fix as version 2", async () => {
    const f = await buildAuditFixture(t.db, getVerifierPool(), "router");
    const refused = await api.verifier
      .saveVersion({
        id: f.verifierIds.lower,
        source: "function evaluate(r) {\n\n  return r ===;\n}",
        author: "ada",
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect(String((refused as Error).message)).toMatch(/does not compile.*line 3/);
    const saved = await api.verifier.saveVersion({
      id: f.verifierIds.lower,
      source: LOWER.replace("response ===", "response.trim() ==="),
      author: "ada",
    });
    expect(saved.version).toBe(2);
    expect((await api.verifier.versions({ id: saved.id })).map((v) => v.version)).toEqual([1, 2]);
    await api.verifier.review({ id: saved.id, verdict: "approve", reviewer: "ada" });
    expect(await api.verifier.reviewHistory({ id: saved.id })).toMatchObject([
      { verdict: "approve", reviewer: "ada" },
    ]);
    const detail = await api.instruction.byId({ id: f.instructionId });
    expect(detail.verifiers.find((v) => v.id === saved.id)).toMatchObject({
      version: 2,
      origin: "user",
      author: "ada",
      reviewStatus: "approved",
    });
  });
});

describe("verifier router: languages", () => {
  it("gives every version its language, keeps the edited version's by default, and refuses an unknown one naming the field", async () => {
    const f = await buildAuditFixture(t.db, getVerifierPool(), "router-lang");
    const saved = await api.verifier.saveVersion({
      id: f.verifierIds.lower,
      source: LOWER.replace("response ===", "response.trim() ==="),
      author: "ada",
    });
    const versions = await api.verifier.versions({ id: saved.id });
    expect(versions.map((v) => [v.version, v.language])).toEqual([
      [1, "javascript"],
      [2, "javascript"],
    ]);
    const detail = await api.instruction.byId({ id: f.instructionId });
    expect(detail.verifiers.every((v) => v.language === "javascript")).toBe(true);
    for (const language of ["ruby", "Python", "", 3]) {
      const refused = await api.verifier
        .saveVersion({ id: saved.id, source: LOWER, language: language as "python", author: "ada" })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "BAD_REQUEST" });
      expect(String((refused as Error).message)).toMatch(
        /language must be one of javascript, python/,
      );
    }
    expect((await api.verifier.versions({ id: saved.id })).length).toBe(2);
  });
});

describe("verifier router: Python verifiers", { timeout: 300_000 }, () => {
  it("cross-validates a Python verifier beside JavaScript ones, saves a Python edit compiled by Pyodide, and refuses a Python syntax error at its line", async () => {
    const f = await buildAuditFixture(t.db, getVerifierPool(), "router-py", {
      lowerInPython: true,
    });
    const before = await api.instruction.byId({ id: f.instructionId });
    expect(before.verifiers.find((v) => v.id === f.verifierIds.lower)).toMatchObject({
      language: "python",
      compileStatus: "ok",
      pipelineStatus: "kept",
      accuracy: 1,
    });
    const refused = await api.verifier
      .saveVersion({
        id: f.verifierIds.lower,
        source: "def evaluate(response):\n    x = 1\n    return (response ==\n",
        author: "ada",
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect(String((refused as Error).message)).toMatch(
      /does not compile: .*SyntaxError.*\(line 3, column \d+\)/,
    );
    const saved = await api.verifier.saveVersion({
      id: f.verifierIds.lower,
      source: LOWER_PY.replace("response ==", "response.strip() =="),
      author: "ada",
    });
    const versions = await api.verifier.versions({ id: saved.id });
    expect(versions.map((v) => [v.version, v.language])).toEqual([
      [1, "python"],
      [2, "python"],
    ]);
    const after = await api.instruction.byId({ id: f.instructionId });
    expect(after.verifiers.find((v) => v.id === saved.id)).toMatchObject({
      language: "python",
      pipelineStatus: "kept",
      accuracy: 1,
    });
  });

  it("compiles a save in the language it names: JavaScript labelled python is refused, and the same code saved as javascript is taken", async () => {
    const f = await buildAuditFixture(t.db, getVerifierPool(), "router-mislabel", {
      lowerInPython: true,
    });
    const js = LOWER.replace("response ===", "response.trim() ===");
    const refused = await api.verifier
      .saveVersion({ id: f.verifierIds.lower, source: js, author: "ada" })
      .catch((e: unknown) => e);
    expect(String((refused as Error).message)).toMatch(/does not compile: .*SyntaxError.*line 1/);
    const saved = await api.verifier.saveVersion({
      id: f.verifierIds.lower,
      source: js,
      language: "javascript",
      author: "ada",
    });
    expect((await api.verifier.versions({ id: saved.id })).map((v) => v.language)).toEqual([
      "python",
      "javascript",
    ]);
    // Python code labelled javascript is refused by QuickJS the same way.
    const back = await api.verifier
      .saveVersion({ id: saved.id, source: LOWER_PY, language: "javascript", author: "ada" })
      .catch((e: unknown) => e);
    expect(String((back as Error).message)).toMatch(/does not compile: .*\(line \d+, column \d+\)/);
    // Only the language changed: that is a new version, not "nothing to save".
    const relabel = await api.verifier
      .saveVersion({ id: saved.id, source: js, language: "python", author: "ada" })
      .catch((e: unknown) => e);
    expect(String((relabel as Error).message)).toMatch(/does not compile/);
  });
});
