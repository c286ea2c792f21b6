import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { writeDamagedCopies } from "./testing/damage";
import { createTestDb } from "./testing/testDb";
import { DatabaseDamagedError, openDatabase } from "./client";

const designTables = [
  "projects",
  "seed_instructions",
  "instructions",
  "verifiers",
  "test_cases",
  "verifier_results",
  "back_translations",
  "queries",
  "samples",
  "responses",
  "preference_pairs",
  "reviews",
  "runs",
  "stage_progress",
  "llm_calls",
  "exports",
];

describe("openDatabase", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it("creates every table of the data model through the committed migrations", () => {
    const t = createTestDb();
    cleanup = t.cleanup;
    const names = t.db.$client
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(designTables));
  });

  it("turns on WAL, foreign keys and a busy timeout", () => {
    const t = createTestDb();
    cleanup = t.cleanup;
    expect(t.db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(t.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(t.db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(fs.existsSync(t.file)).toBe(true);
  });

  it("applies migrations once: reopening the same file changes nothing", () => {
    const t = createTestDb();
    cleanup = t.cleanup;
    const count = () =>
      t.db.$client.prepare("select count(*) as n from __drizzle_migrations").get();
    const before = count();
    const again = openDatabase(t.file);
    again.$client.close();
    expect(count()).toEqual(before);
  });
});

describe("openDatabase on a damaged file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-damage-"));
  const files = writeDamagedCopies(dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("opens the intact copy and reads every row", () => {
    const db = openDatabase(files.intact);
    expect(db.$client.prepare("select count(*) as n from projects").get()).toEqual({
      n: files.rows,
    });
    db.$client.close();
  });

  for (const kind of ["truncated", "middle"] as const) {
    it(`refuses the ${kind === "truncated" ? "truncated file" : "file damaged in the middle"}, naming it and how to restore a backup`, () => {
      const file = files[kind];
      const before = fs.readFileSync(file);
      let error: unknown;
      try {
        openDatabase(file).$client.close();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatabaseDamagedError);
      const message = (error as Error).message;
      expect(message).toContain(`The database file ${path.resolve(file)} is damaged`);
      expect(message).toContain("npm run autoif -- backup");
      expect(message).toContain(`delete ${path.resolve(file)}-wal`);
      // Refused before anything was written: the file is byte for byte what it was.
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    });
  }
});
