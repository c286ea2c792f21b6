// A production studio (`npm start`: builds when the sources changed, then `next start`) for the
// benches and the reliability report, stopped with its whole process group on every path.
import { spawn } from "node:child_process";
import { waitForServer } from "./uiPage";

export interface StudioServer {
  base: string;
  /** The server's stderr so far (the error log of every 5xx). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts `npm start` on `port` with `env` added (AUTOIF_DB_PATH at least) and resolves once it
 * answers `/`. If it does not come up, it is stopped before the error is thrown.
 */
export async function startStudio(
  port: number,
  env: Record<string, string>,
  opts: { timeoutMs?: number; inherit?: boolean } = {},
): Promise<StudioServer> {
  const child = spawn("npm", ["start"], {
    env: {
      ...process.env,
      AUTOIF_PORT: String(port),
      AUTOIF_HOST: "127.0.0.1",
      AUTOIF_EXAMPLE_RUN: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", opts.inherit ? "inherit" : "ignore", "pipe"],
    // Its own process group: npm, tsx, the start script and `next start` all stop together.
    detached: true,
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr += c.toString();
    if (opts.inherit) process.stderr.write(c);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await exited;
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForServer(`${base}/`, opts.timeoutMs ?? 900_000),
      exited.then(() => {
        throw new Error(`the studio exited during start-up:\n${stderr}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, log: () => stderr, stop };
}
