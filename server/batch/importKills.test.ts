import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { batchFiles, batchJobs, batchRequests, llmCalls } from "@/db/schema";
import { fakeRunBatch } from "../llm/scripted/fakeLlmBatch";
import { runCli } from "../pipeline/testing/pipelineTestBed";
import { projectWithBatch } from "./testing/batchTestBed";

describe("a batch import killed before its commit", () => {
  it(
    "leaves nothing behind, and the same import afterwards records every answer",
    { timeout: 120_000 },
    async () => {
      const t = createTestDb();
      const { projectId, files } = await projectWithBatch(t.db, 6, { maxLines: 4 });
      const dir = path.dirname(t.file);
      const outputs = files.map((f, i) => {
        const file = path.join(dir, `out-${i}.jsonl`);
        fs.writeFileSync(file, fakeRunBatch(f.text));
        return file;
      });
      const snapshot = () => {
        const db = openDatabase(t.file);
        const s = JSON.stringify([
          db.select().from(llmCalls).orderBy(asc(llmCalls.id)).all(),
          db.select().from(batchRequests).all(),
          db.select().from(batchFiles).all(),
          db.select().from(batchJobs).all(),
        ]);
        db.$client.close();
        return s;
      };
      const before = snapshot();
      t.db.$client.close();
      const env = { AUTOIF_SKIP_EXAMPLE: "1" };
      const killed = await runCli(
        t.file,
        ["batch", "import", "--project", String(projectId), ...outputs],
        { ...env, AUTOIF_TEST_KILL_AT: "batch-import:out-0.jsonl" },
      );
      expect(killed.code, killed.stderr).toBeNull();
      expect(snapshot()).toBe(before);
      const done = await runCli(
        t.file,
        ["batch", "import", "--project", String(projectId), "--json", ...outputs],
        env,
      );
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ ok: true, imported: 6, failed: 0, jobs: [] });
      const db = openDatabase(t.file);
      expect(
        db
          .select()
          .from(llmCalls)
          .all()
          .filter((c) => c.status === "completed"),
      ).toHaveLength(6);
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});
