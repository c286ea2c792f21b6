import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeDamagedCopies } from "@/db/testing/damage";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-damaged-start-"));
const files = writeDamagedCopies(dir);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Runs a studio entry point on `dbFile` until it exits, or until it says the database is ready
 * (then it is stopped: a damaged file must never get that far, and the build must not start).
 */
function runOn(script: string, args: string[], dbFile: string) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), script), ...args],
    {
      env: {
        ...process.env,
        AUTOIF_DB_PATH: dbFile,
        AUTOIF_SKIP_EXAMPLE: "1",
        AUTOIF_EXAMPLE_RUN: "0",
        AUTOIF_PORT: "3329",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const take = (c: Buffer) => {
      output += c.toString();
      if (output.includes("Database ready")) child.kill("SIGKILL");
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.once("exit", (code) => resolve({ code, output }));
  }).finally(() => child.kill("SIGKILL"));
}

describe("starting on a damaged database file", () => {
  for (const kind of ["truncated", "middle"] as const) {
    it(
      `npm start refuses the ${kind === "truncated" ? "truncated file" : "file damaged in the middle"} with its name and the way to restore`,
      { timeout: 60_000 },
      async () => {
        const r = await runOn("server/cli/start.ts", [], files[kind]);
        expect(r.output).not.toContain("Database ready");
        expect(r.code, r.output).toBe(1);
        expect(r.output).toContain(`The database file ${path.resolve(files[kind])} is damaged`);
        expect(r.output).toContain("npm run autoif -- backup");
      },
    );
  }

  it("the CLI refuses it the same way", { timeout: 60_000 }, async () => {
    const r = await runOn("server/cli/main.ts", ["runs", "--project", "1"], files.middle);
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toContain(`The database file ${path.resolve(files.middle)} is damaged`);
  });
});
