import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appMeta, projects, runs } from "@/db/schema";

const KEY = "example_run_started_at";

/**
 * On the first start, gives the example project a finished run made by the real pipeline against
 * the scripted test endpoint (e2e/fixtures/fakeLlmServer.ts, started here as its own process), so
 * a newcomer can audit, review and export before connecting a model. Runs in the background; the
 * Runs page shows it as it progresses. Happens once per database.
 */
export function startExampleRun(db: Db, root: string, log: (message: string) => void) {
  const example = db.select({ id: projects.id }).from(projects).where(eq(projects.isExample, true)).get();
  if (!example || db.select().from(appMeta).where(eq(appMeta.key, KEY)).get()) return;
  if (db.select({ id: runs.id }).from(runs).where(and(eq(runs.projectId, example.id))).get()) return;
  db.insert(appMeta).values({ key: KEY, value: new Date().toISOString() }).run();
  const node = (args: string[]) => spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const fake = node([path.join(root, "e2e/fixtures/fakeLlmServer.ts"), "--port", "0", "--latency-ms", "5"]);
  let out = "";
  let started = false;
  fake.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    const url = /listening on (http:\/\/\S+\/v1)/.exec(out)?.[1];
    if (!url || started) return;
    started = true;
    log(`Example run: the example project runs against the scripted test endpoint ${url} (example data).`);
    const run = node([path.join(root, "server/cli/main.ts"), "run", "--project", String(example.id), "--base-url", url, "--model", "fake-model", "--quiet"]);
    run.on("exit", (code) => {
      log(code === 0 ? "Example run finished." : `Example run ended with code ${code}; see the Runs page.`);
      fake.kill("SIGTERM");
    });
  });
}
