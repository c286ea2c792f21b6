import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { instructions, projects, verifiers } from "./schema";
import { databaseBefore } from "./testing/migrateBefore";
import { createTestDb } from "./testing/testDb";

describe("the verifier language migration", () => {
  it("marks the verifiers a database already holds as JavaScript and keeps their ids, results and back-translations", () => {
    const { sqlite, finish, cleanup } = databaseBefore("_verifier_language");
    try {
      const project = Number(
        sqlite
          .prepare(
            "insert into projects (name, config, created_at, updated_at) values ('A', '{}', 0, 0)",
          )
          .run().lastInsertRowid,
      );
      const instruction = Number(
        sqlite
          .prepare(
            "insert into instructions (project_id, text, normalized_hash, created_at, updated_at) values (?, 'x', 'x', 0, 0)",
          )
          .run(project).lastInsertRowid,
      );
      const fn = sqlite.prepare(
        "insert into verifiers (instruction_id, source, origin, created_at) values (?, ?, 'llm', 0)",
      );
      const ids = [
        Number(fn.run(instruction, "function evaluate(r) { return true; }").lastInsertRowid),
        Number(fn.run(instruction, "function evaluate(r) { return false; }").lastInsertRowid),
      ];
      sqlite
        .prepare(
          "insert into verifier_results (verifier_id, target_kind, target_id, outcome, duration_ms, created_at) values (?, 'case', 1, 'pass', 1, 0)",
        )
        .run(ids[1]);
      sqlite
        .prepare(
          "insert into back_translations (instruction_id, verifier_id, text, created_at) values (?, ?, 'said', 0)",
        )
        .run(instruction, ids[0]);
      finish();
      expect(sqlite.prepare("select id, language from verifiers order by id").all()).toEqual(
        ids.map((id) => ({ id, language: "javascript" })),
      );
      expect(sqlite.prepare("select verifier_id v from verifier_results").all()).toEqual([
        { v: ids[1] },
      ]);
      expect(sqlite.prepare("select verifier_id v from back_translations").all()).toEqual([
        { v: ids[0] },
      ]);
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
      // Deleting a verifier still cascades to what points at it: the table was not rebuilt.
      sqlite.prepare("delete from verifiers where id = ?").run(ids[1]);
      expect(sqlite.prepare("select count(*) n from verifier_results").get()).toEqual({ n: 0 });
    } finally {
      cleanup();
    }
  });
});

describe("verifiers.language", () => {
  let t: ReturnType<typeof createTestDb>;
  afterEach(() => t.cleanup());

  function instructionId() {
    const project = t.db.insert(projects).values({ name: "P", config: {} }).returning().get();
    return t.db
      .insert(instructions)
      .values({ projectId: project.id, text: "x", normalizedHash: "x" })
      .returning()
      .get().id;
  }

  it("defaults to javascript and stores python", () => {
    t = createTestDb();
    const id = instructionId();
    const js = t.db
      .insert(verifiers)
      .values({ instructionId: id, source: "function evaluate(r) { return true; }", origin: "llm" })
      .returning()
      .get();
    const py = t.db
      .insert(verifiers)
      .values({
        instructionId: id,
        source: "def evaluate(response):\n    return True\n",
        language: "python",
        origin: "llm",
      })
      .returning()
      .get();
    expect([js.language, py.language]).toEqual(["javascript", "python"]);
    expect(
      t.db
        .select({ language: verifiers.language })
        .from(verifiers)
        .where(eq(verifiers.id, py.id))
        .get(),
    ).toEqual({ language: "python" });
  });

  it.each([["ruby"], ["Python"], ["JavaScript"], [""], ["python "], [null]])(
    "refuses %j in the database itself",
    (value) => {
      t = createTestDb();
      const id = instructionId();
      const insert = t.db.$client.prepare(
        "insert into verifiers (instruction_id, source, language, origin, created_at) values (?, 'x', ?, 'llm', 0)",
      );
      expect(() => insert.run(id, value)).toThrow(
        value === null
          ? /NOT NULL constraint failed: verifiers.language/
          : /CHECK constraint failed: verifiers_language_check/,
      );
      const row = t.db
        .insert(verifiers)
        .values({ instructionId: id, source: "x", origin: "llm" })
        .returning()
        .get();
      expect(() =>
        t.db.$client.prepare("update verifiers set language = ? where id = ?").run(value, row.id),
      ).toThrow(/constraint failed/);
      expect(
        t.db
          .select({ language: verifiers.language })
          .from(verifiers)
          .where(eq(verifiers.id, row.id))
          .get(),
      ).toEqual({ language: "javascript" });
    },
  );
});
