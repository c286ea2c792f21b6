import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";

function addLoop(dbFile: string, projectId: number, count: number, tag: string) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "server/testing/seedAddLoopChild.ts", dbFile, String(projectId), String(count), tag],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("several processes writing read-then-write transactions at once", () => {
  it("never surface SQLITE_BUSY: each transaction takes the write lock at BEGIN and waits its turn", { timeout: 90_000 }, async () => {
    const t = createTestDb();
    const projectId = (await createCaller({ db: t.db }).project.create({ name: "Contention" })).id;
    const results = await Promise.all([0, 1, 2, 3].map((i) => addLoop(t.file, projectId, 300, `p${i}`)));
    for (const r of results) {
      expect(r.output).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(r.code, r.output).toBe(0);
    }
    expect((await createCaller({ db: t.db }).seed.list({ projectId })).length).toBe(1_200);
    t.cleanup();
  });
});
