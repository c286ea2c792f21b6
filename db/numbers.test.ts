import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedReviewData } from "./testing/reviewSeed";
import { createTestDb } from "./testing/testDb";

let t: ReturnType<typeof createTestDb>;
beforeEach(() => { t = createTestDb(); });
afterEach(() => t.cleanup());

const numbers = (sql: string, ...params: unknown[]) => (t.db.$client.prepare(sql).all(...params) as Array<{ number: number | null }>).map((r) => r.number);

describe("per-project numbers", () => {
  it("number each project's instructions, responses and pairs from 1 in insertion order, whichever project inserts between", () => {
    const a = seedReviewData(t.db, { projectName: "A", responses: 40 });
    const b = seedReviewData(t.db, { projectName: "B", responses: 24 });
    for (const p of [a, b]) {
      const ins = numbers("select number from instructions where project_id = ? order by id", p.projectId);
      expect(ins).toEqual(ins.map((_, i) => i + 1));
      const res = numbers("select r.number from responses r join samples s on s.id = r.sample_id join instructions i on i.id = s.instruction_id where i.project_id = ? order by r.id", p.projectId);
      expect(res).toEqual(Array.from({ length: p.responses }, (_, i) => i + 1));
      const pairs = numbers("select x.number from preference_pairs x join samples s on s.id = x.sample_id join instructions i on i.id = s.instruction_id where i.project_id = ? order by x.id", p.projectId);
      expect(pairs).toEqual(pairs.map((_, i) => i + 1));
    }
  });

  it("never reuses a number after a delete", () => {
    const a = seedReviewData(t.db, { projectName: "A", responses: 8 });
    const sqlite = t.db.$client;
    const ins = sqlite.prepare("insert into seed_instructions (project_id, text, normalized_hash, tags, source, created_at, updated_at) values (?, ?, ?, '[]', 'typed', 0, 0)");
    const first = Number(ins.run(a.projectId, "one", "h1").lastInsertRowid);
    ins.run(a.projectId, "two", "h2");
    sqlite.prepare("delete from seed_instructions where id = ?").run(first);
    ins.run(a.projectId, "three", "h3");
    expect(numbers("select number from seed_instructions where project_id = ? order by id", a.projectId)).toEqual([2, 3]);
  });
});

describe("the per-project numbers migration", () => {
  it("numbers the rows a database already holds, per project, and later inserts continue from there", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const Database = (await import("better-sqlite3")).default;
    const { drizzle } = await import("drizzle-orm/better-sqlite3");
    const { migrate } = await import("drizzle-orm/better-sqlite3/migrator");
    const schema = await import("./schema");
    const { migrationsFolder } = await import("./client");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-mig-"));
    try {
      // The migrations before this one, on a database that then gets two projects' rows.
      const before = path.join(dir, "before");
      fs.mkdirSync(path.join(before, "meta"), { recursive: true });
      const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"));
      const upTo = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith("_per_project_numbers"));
      expect(upTo).toBeGreaterThan(0);
      fs.writeFileSync(path.join(before, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
      for (const e of journal.entries.slice(0, upTo)) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
      const sqlite = new Database(path.join(dir, "old.db"));
      const db = drizzle(sqlite, { schema });
      migrate(db, { migrationsFolder: before });
      const p = (name: string) => Number(sqlite.prepare("insert into projects (name, config, created_at, updated_at) values (?, '{}', 0, 0)").run(name).lastInsertRowid);
      const [a, b] = [p("A"), p("B")];
      const seed = sqlite.prepare("insert into seed_instructions (project_id, text, normalized_hash, tags, source, created_at, updated_at) values (?, ?, ?, '[]', 'typed', 0, 0)");
      seed.run(a, "a1", "a1"); seed.run(b, "b1", "b1"); seed.run(a, "a2", "a2");
      migrate(db, { migrationsFolder });
      const rows = () => sqlite.prepare("select project_id p, text, number from seed_instructions order by id").all();
      expect(rows()).toEqual([{ p: a, text: "a1", number: 1 }, { p: b, text: "b1", number: 1 }, { p: a, text: "a2", number: 2 }]);
      seed.run(a, "a3", "a3");
      expect((rows() as Array<{ number: number }>).at(-1)!.number).toBe(3);
      sqlite.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
