import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDb } from "./testing/testDb";
import { openDatabase } from "./client";

const designTables = [
  "projects", "seed_instructions", "instructions", "verifiers", "test_cases", "verifier_results",
  "back_translations", "queries", "samples", "responses", "preference_pairs", "reviews", "runs",
  "stage_progress", "llm_calls", "exports",
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
    const count = () => t.db.$client.prepare("select count(*) as n from __drizzle_migrations").get();
    const before = count();
    const again = openDatabase(t.file);
    again.$client.close();
    expect(count()).toEqual(before);
  });
});
