import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { runs } from "@/db/schema";
import { runnableRuns } from "./runs";

const running = new Map<number, ChildProcess>();

/**
 * The studio's job runner: every few seconds it looks for queued runs (and runs whose holder
 * died) and executes each in a child process through the CLI, so a long pipeline run never
 * blocks the web server, crashes in isolation, and uses the exact code path of
 * `npm run autoif -- run`. The run's lease in the database keeps two runners apart.
 */
export function startJobRunner(getDb: () => Db, intervalMs = 2_000): () => void {
  const root = process.cwd();
  const tick = () => {
    let ids: number[];
    try {
      ids = runnableRuns(getDb()).map((r) => r.id);
    } catch (error) {
      console.error("job runner: cannot read runs:", error);
      return;
    }
    for (const id of ids) {
      if (running.has(id)) continue;
      const child = spawn(
        process.execPath,
        [
          "--conditions=react-server",
          "--import",
          "tsx",
          path.join(root, "server/cli/main.ts"),
          "run",
          "--run",
          String(id),
          "--quiet",
        ],
        { cwd: root, stdio: ["ignore", "inherit", "pipe"] },
      );
      running.set(id, child);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4_000);
        process.stderr.write(chunk);
      });
      child.on("exit", (code) => {
        running.delete(id);
        // A child that failed before claiming the run (an unreachable endpoint, say) would leave
        // it queued and be started again every tick: record why it could not start instead.
        if (code !== 0) {
          const reason =
            stderr
              .trim()
              .split("\n")
              .pop()
              ?.replace(/^autoif: /, "") || `the run process exited with code ${code}`;
          getDb()
            .update(runs)
            .set({ state: "failed", error: reason })
            .where(and(eq(runs.id, id), eq(runs.state, "queued")))
            .run();
        }
      });
      child.on("error", (error) => {
        console.error(`job runner: run #${id} could not start:`, error);
        running.delete(id);
      });
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
