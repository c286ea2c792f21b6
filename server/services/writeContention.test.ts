import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";
import { runAddLoops } from "../testing/crashHarness";

describe("several processes writing read-then-write transactions at once", () => {
  it(
    "never surface SQLITE_BUSY: each transaction takes the write lock at BEGIN and waits its turn",
    { timeout: 90_000 },
    async () => {
      const t = createTestDb();
      const projectId = (await createCaller({ db: t.db }).project.create({ name: "Contention" }))
        .id;
      const { results, seeds } = await runAddLoops(t.db, t.file, projectId, 4, 300);
      for (const r of results) {
        expect(r.output).not.toMatch(/SQLITE_BUSY|database is locked/);
        expect(r.code, r.output).toBe(0);
      }
      expect(seeds).toBe(1_200);
      t.cleanup();
    },
  );
});
