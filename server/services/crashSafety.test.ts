import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";
import { killImportOnce } from "../testing/crashHarness";

const BATCH = 1_000;

describe("an import killed with SIGKILL inside its transaction", () => {
  it(
    "leaves the old count plus N per committed import, never a part, and an intact file",
    { timeout: 120_000 },
    async () => {
      const t = createTestDb();
      const api = createCaller({ db: t.db });
      const projectId = (await api.project.create({ name: "Crash safety" })).id;
      const partial: string[] = [];
      let committed = 0;
      for (let round = 0; round < 10; round++) {
        // Killed in the first, second or third import of the child: the earlier ones committed.
        const killIn = (round % 3) + 1;
        const r = await killImportOnce(t.file, t.db, projectId, {
          batch: BATCH,
          killIn,
          tag: `round${round}`,
        });
        expect(r.integrity).toBe("ok");
        expect(r.killedMidImport).toBe(true);
        expect(r.committedImports).toBe(killIn - 1);
        if (r.after - r.before !== (killIn - 1) * BATCH)
          partial.push(`round ${round}: ${r.before} -> ${r.after}`);
        committed += killIn - 1;
      }
      expect(partial).toEqual([]);
      // The file still takes writes after ten crashes, and the studio reads it whole.
      await api.seed.add({ projectId, text: "Written after the crashes." });
      expect((await api.seed.list({ projectId })).length).toBe(committed * BATCH + 1);
      t.cleanup();
    },
  );
});
