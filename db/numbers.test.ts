import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedReviewData } from "./testing/reviewSeed";
import { createTestDb } from "./testing/testDb";
import { databaseBefore } from "./testing/migrateBefore";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const numbers = (sql: string, ...params: unknown[]) =>
  (t.db.$client.prepare(sql).all(...params) as Array<{ number: number | null }>).map(
    (r) => r.number,
  );

describe("per-project numbers", () => {
  it("number each project's instructions, responses and pairs from 1 in insertion order, whichever project inserts between", () => {
    const a = seedReviewData(t.db, { projectName: "A", responses: 40 });
    const b = seedReviewData(t.db, { projectName: "B", responses: 24 });
    for (const p of [a, b]) {
      const ins = numbers(
        "select number from instructions where project_id = ? order by id",
        p.projectId,
      );
      expect(ins).toEqual(ins.map((_, i) => i + 1));
      const res = numbers(
        "select r.number from responses r join samples s on s.id = r.sample_id join instructions i on i.id = s.instruction_id where i.project_id = ? order by r.id",
        p.projectId,
      );
      expect(res).toEqual(Array.from({ length: p.responses }, (_, i) => i + 1));
      const pairs = numbers(
        "select x.number from preference_pairs x join samples s on s.id = x.sample_id join instructions i on i.id = s.instruction_id where i.project_id = ? order by x.id",
        p.projectId,
      );
      expect(pairs).toEqual(pairs.map((_, i) => i + 1));
    }
  });

  it("never reuses a number after a delete", () => {
    const a = seedReviewData(t.db, { projectName: "A", responses: 8 });
    const sqlite = t.db.$client;
    const ins = sqlite.prepare(
      "insert into seed_instructions (project_id, text, normalized_hash, tags, source, created_at, updated_at) values (?, ?, ?, '[]', 'typed', 0, 0)",
    );
    const first = Number(ins.run(a.projectId, "one", "h1").lastInsertRowid);
    ins.run(a.projectId, "two", "h2");
    sqlite.prepare("delete from seed_instructions where id = ?").run(first);
    ins.run(a.projectId, "three", "h3");
    expect(
      numbers("select number from seed_instructions where project_id = ? order by id", a.projectId),
    ).toEqual([2, 3]);
  });
});

describe("the per-project numbers migration", () => {
  it("numbers the rows a database already holds, per project, and later inserts continue from there", () => {
    const { sqlite, finish, cleanup } = databaseBefore("_per_project_numbers");
    try {
      // The migrations before this one, on a database that then gets two projects' rows.
      const p = (name: string) =>
        Number(
          sqlite
            .prepare(
              "insert into projects (name, config, created_at, updated_at) values (?, '{}', 0, 0)",
            )
            .run(name).lastInsertRowid,
        );
      const [a, b] = [p("A"), p("B")];
      const seed = sqlite.prepare(
        "insert into seed_instructions (project_id, text, normalized_hash, tags, source, created_at, updated_at) values (?, ?, ?, '[]', 'typed', 0, 0)",
      );
      seed.run(a, "a1", "a1");
      seed.run(b, "b1", "b1");
      seed.run(a, "a2", "a2");
      finish();
      const rows = () =>
        sqlite
          .prepare("select project_id p, text, number from seed_instructions order by id")
          .all();
      expect(rows()).toEqual([
        { p: a, text: "a1", number: 1 },
        { p: b, text: "b1", number: 1 },
        { p: a, text: "a2", number: 2 },
      ]);
      seed.run(a, "a3", "a3");
      expect((rows() as Array<{ number: number }>).at(-1)!.number).toBe(3);
    } finally {
      cleanup();
    }
  });
});

describe("the verifier numbers migration", () => {
  it("numbers existing verifiers per project and rewrites the drop reasons that named them by id", () => {
    const { sqlite, finish, cleanup } = databaseBefore("_verifier_numbers");
    try {
      const p = (name: string) =>
        Number(
          sqlite
            .prepare(
              "insert into projects (name, config, created_at, updated_at) values (?, '{}', 0, 0)",
            )
            .run(name).lastInsertRowid,
        );
      const [a, b] = [p("A"), p("B")];
      const ins = (project: number, hash: string) =>
        Number(
          sqlite
            .prepare(
              "insert into instructions (project_id, text, normalized_hash, created_at, updated_at) values (?, 'x', ?, 0, 0)",
            )
            .run(project, hash).lastInsertRowid,
        );
      const [ia, ib] = [ins(a, "a"), ins(b, "b")];
      const fn = (instruction: number, reason: string | null = null) =>
        Number(
          sqlite
            .prepare(
              "insert into verifiers (instruction_id, source, origin, drop_reason, created_at) values (?, 's', 'llm', ?, 0)",
            )
            .run(instruction, reason).lastInsertRowid,
        );
      fn(ib);
      fn(ib); // project B's verifiers take the first ids, so A's ids are not its numbers
      const a1 = fn(ia);
      const a2 = fn(ia, `duplicate of verifier #${a1}`);
      const a3 = fn(ia);
      sqlite
        .prepare("update verifiers set drop_reason = ? where id = ?")
        .run(`superseded by version 2 (#${a3})`, a1);
      sqlite
        .prepare("update instructions set drop_reason = ? where id = ?")
        .run(`back-translation of verifier #${a3} contradicts it: "no #${a3} here"`, ia);
      finish();
      const rows = sqlite
        .prepare(
          "select id, number, drop_reason r from verifiers where instruction_id = ? order by id",
        )
        .all(ia);
      expect(rows).toEqual([
        { id: a1, number: 1, r: "superseded by version 2 (#3)" },
        { id: a2, number: 2, r: "duplicate of verifier #1" },
        { id: a3, number: 3, r: null },
      ]);
      expect(sqlite.prepare("select drop_reason r from instructions where id = ?").get(ia)).toEqual(
        { r: `back-translation of verifier #3 contradicts it: "no #${a3} here"` },
      );
      fn(ia);
      expect(sqlite.prepare("select number from verifiers order by id desc limit 1").get()).toEqual(
        { number: 4 },
      );
      expect(
        sqlite.prepare("select number from verifiers where instruction_id = ? order by id").all(ib),
      ).toEqual([{ number: 1 }, { number: 2 }]);
    } finally {
      cleanup();
    }
  });
});
