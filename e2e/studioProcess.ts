import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Studio = { base: string; port: number; dbPath: string; stop: () => Promise<void> };

/**
 * Starts one more studio on the build `npm start` made (Playwright's web servers build first),
 * with its own database and `env` on top (lower limits, a token), and waits until it answers.
 * `stop` ends it on every path; call it from afterAll.
 */
export async function startStudio(port: number, env: Record<string, string>): Promise<Studio> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `autoif-studio-${port}-`));
  const dbPath = path.join(dir, "studio.db");
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "./server/security/clientAddress.mjs",
      "node_modules/next/dist/bin/next",
      "start",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    {
      env: {
        ...process.env,
        AUTOIF_DB_PATH: dbPath,
        AUTOIF_PORT: String(port),
        AUTOIF_HOST: "127.0.0.1",
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: "production",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    // Readiness, not timing: ask until the server answers or exits.
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the studio on port ${port} exited:\n${log}`);
      const ok = await fetch(`${base}/login`).then(
        (r) => r.status > 0,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, port, dbPath, stop };
}
