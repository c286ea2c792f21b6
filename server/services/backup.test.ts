import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { openDatabase } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";
import { integrityCheck } from "../testing/crashHarness";
import { backupDatabase } from "./backup";

const BATCH = 500;

function cli(dbFile: string, args: string[]) {
  return spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "server/cli/main.ts", ...args],
    {
      encoding: "utf8",
      env: { ...process.env, AUTOIF_DB_PATH: dbFile, AUTOIF_SKIP_EXAMPLE: "1" },
    },
  );
}

describe("backup", () => {
  it(
    "copies a database that is being written to, consistently, and the copy restores and takes writes",
    { timeout: 60_000 },
    async () => {
      const t = createTestDb();
      const api = createCaller({ db: t.db });
      const projectId = (await api.project.create({ name: "Backed up" })).id;
      const writer = spawn(
        process.execPath,
        [
          "--conditions=react-server",
          "--import",
          "tsx",
          "server/testing/importLoopChild.ts",
          t.file,
          String(projectId),
          String(BATCH),
          "backup",
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      onTestFinished(() => void writer.kill("SIGKILL"));
      let output = "";
      // Woken by the child's own output, not by polling it: three imports are in before the backup starts.
      await new Promise<void>((resolve, reject) => {
        writer.stdout.on("data", (c: Buffer) => {
          output += c.toString();
          if ((output.match(/^imported /gm) ?? []).length >= 3) resolve();
        });
        writer.once("exit", () => reject(new Error(`the writer exited early:\n${output}`)));
      });

      const file = path.join(path.dirname(t.file), "copy.db");
      const report = await backupDatabase(t.db, file);
      writer.kill("SIGKILL");
      expect(report.integrity).toBe("ok");
      expect(report.rows.seed_instructions! % BATCH).toBe(0);
      expect(report.rows.seed_instructions).toBeGreaterThanOrEqual(3 * BATCH);
      expect(fs.readdirSync(path.dirname(t.file)).filter((f) => f.startsWith("copy.db"))).toEqual([
        "copy.db",
      ]);

      // Restoring is using the copy as the database: the studio opens it, reads it and writes to it.
      const restoredFile = path.join(path.dirname(t.file), "restored.db");
      fs.copyFileSync(file, restoredFile);
      const restored = openDatabase(restoredFile);
      const restoredApi = createCaller({ db: restored });
      expect((await restoredApi.seed.list({ projectId })).length).toBe(
        report.rows.seed_instructions,
      );
      await restoredApi.seed.add({ projectId, text: "Written after the restore." });
      expect(integrityCheck(restored)).toBe("ok");
      restored.$client.close();
      t.cleanup();
    },
  );

  it(
    "npm run autoif -- backup <file> writes the copy, reports it and will not overwrite without --force",
    { timeout: 60_000 },
    async () => {
      const t = createTestDb();
      await createCaller({ db: t.db }).project.create({ name: "CLI backup" });
      const file = path.join(path.dirname(t.file), "cli-copy.db");
      const first = cli(t.file, ["backup", file, "--json"]);
      expect(first.status, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({
        file,
        integrity: "ok",
        rows: { projects: 1 },
      });
      const again = cli(t.file, ["backup", file]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/exists; pass --force/);
      const forced = cli(t.file, ["backup", file, "--force"]);
      expect(forced.status, forced.stderr).toBe(0);
      expect(forced.stdout).toMatch(/Backed up to .*integrity ok/);
      t.cleanup();
    },
  );
});
