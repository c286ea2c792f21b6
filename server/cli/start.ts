/**
 * `npm start`: validates the environment, migrates the database (creating the example project
 * on first start), builds the app when the sources changed since the last build, then serves it.
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { openStudioDatabase } from "../db";
import { childEnv, env } from "../env.mjs";
import { bindRefusal, isLoopbackAddress } from "../security/accessPolicy";
import { buildIsCurrent, sourceStamp, writeBuildStamp } from "./buildStamp";
import { startExampleRun } from "./exampleRun";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function main() {
  const config = env();
  const refusal = bindRefusal(config.AUTOIF_HOST, config.AUTOIF_TOKEN);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  const dbPath = path.resolve(config.AUTOIF_DB_PATH);
  const { db, exampleCreated: created } = openStudioDatabase(config.AUTOIF_DB_PATH);
  console.log(`Database: ${dbPath}${created ? " (new; example project created)" : ""}`);

  const stamp = sourceStamp(root);
  if (!buildIsCurrent(root, stamp)) {
    console.log("Building the studio (first start or changed sources; a minute or two)...");
    const began = Date.now();
    const build = spawnSync(process.execPath, [nextBin, "build"], {
      stdio: "inherit",
      env: childEnv(),
    });
    if (build.status !== 0) {
      console.error("The build failed; see the messages above.");
      process.exit(build.status ?? 1);
    }
    writeBuildStamp(root, stamp);
    console.log(`Built in ${Math.round((Date.now() - began) / 1000)} s.`);
  } else {
    console.log("Build: up to date with the sources.");
  }

  const server = spawn(
    process.execPath,
    // The preload stamps each request with its connection's address (the login limit's key).
    [
      "--import",
      path.join(root, "server/security/clientAddress.mjs"),
      nextBin,
      "start",
      "--hostname",
      config.AUTOIF_HOST,
      "--port",
      String(config.AUTOIF_PORT),
    ],
    // childEnv: Next's telemetry is off; the studio never phones home.
    { stdio: "inherit", env: childEnv() },
  );
  console.log(
    `AutoIF Studio: http://${config.AUTOIF_HOST}:${config.AUTOIF_PORT} (Ctrl+C stops it)`,
  );
  if (config.AUTOIF_EXAMPLE_RUN && !config.AUTOIF_SKIP_EXAMPLE)
    startExampleRun(db, root, (m) => console.log(m), dbPath);
  if (config.AUTOIF_TOKEN) {
    const scope = isLoopbackAddress(config.AUTOIF_HOST) ? "" : " (listening beyond this machine)";
    console.log(`Access token required${scope}: sign in at /login with AUTOIF_TOKEN.`);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
