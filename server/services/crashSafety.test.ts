import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";
import { killImportOnce } from "../testing/crashHarness";

const BATCH = 1_000;

describe("an import killed with SIGKILL at random points", () => {
  it("leaves the old count or old + N per committed import, never a part, and an intact file", { timeout: 120_000 }, async () => {
    const t = createTestDb();
    const api = createCaller({ db: t.db });
    const projectId = (await api.project.create({ name: "Crash safety" })).id;
    const partial: string[] = [];
    let committed = 0;
    let midImport = 0;
    for (let round = 0; round < 10; round++) {
      const r = await killImportOnce(t.db, t.file, projectId, { batch: BATCH, maxDelayMs: 400 });
      expect(r.integrity).toBe("ok");
      if ((r.after - r.before) % BATCH !== 0) partial.push(`round ${round}: ${r.before} -> ${r.after}`);
      committed += (r.after - r.before) / BATCH;
      if (r.killedMidImport) midImport++;
    }
    expect(partial).toEqual([]);
    // Most kills must land inside an import, or this test proves little.
    expect(midImport).toBeGreaterThanOrEqual(5);
    // The file still takes writes after ten crashes, and the studio reads it whole.
    await api.seed.add({ projectId, text: "Written after the crashes." });
    expect((await api.seed.list({ projectId })).length).toBe(committed * BATCH + 1);
    t.cleanup();
  });
});
