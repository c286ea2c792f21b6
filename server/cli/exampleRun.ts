import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Db } from "@/db/client";
import { childEnv } from "../env.mjs";
import { claimExampleRun } from "../services/exampleProject";

/**
 * On the first start, gives the example project a finished run made by the real pipeline against
 * the built-in scripted endpoint (`run --scripted-endpoint`), so a newcomer can audit, review and
 * export before connecting a model. Runs in the background and reports each stage's progress
 * through `log`; the Runs page shows it too. Happens once per database; a run interrupted by
 * stopping `npm start` is resumed by the next start (or by `npm run autoif -- run --project
 * "Example: format constraints"`), with a fresh scripted endpoint. Returns the run's process.
 */
export function startExampleRun(
  db: Db,
  root: string,
  log: (message: string) => void,
  dbPath?: string,
): ChildProcess | undefined {
  const claim = claimExampleRun(db);
  if (!claim) return undefined;
  const example = { id: claim.projectId };
  log(
    claim.resumeRunId !== null
      ? `Example run: resuming run #${claim.resumeRunId} against the built-in scripted endpoint (example data).`
      : "Example run: the example project runs against the built-in scripted endpoint (example data).",
  );
  const run = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(root, "server/cli/main.ts"),
      "run",
      "--project",
      String(example.id),
      "--scripted-endpoint",
    ],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: childEnv(dbPath ? { AUTOIF_DB_PATH: dbPath } : {}),
    },
  );
  // The run prints one line per stage every few seconds on a pipe ("verify-gen: 12/40 units, 0 failed").
  let partial = "";
  run.stdout?.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines)
      if (/^[a-z-]+: \d+\/\d+ units/.test(line)) log(`Example run: ${line}`);
  });
  let stderr = "";
  run.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  run.on("exit", (code) => {
    if (code === 0) log("Example run finished: open the example project's Runs page.");
    else if (code !== null)
      log(
        `Example run ended with code ${code}; see the Runs page. ${stderr.trim().split("\n").pop() ?? ""}`,
      );
  });
  return run;
}
