/**
 * A child process for the one-active-run test: for each line "go <projectId> <atMs>" on stdin it
 * waits until the clock reads atMs (so several children call at the same moment), creates a run
 * of the project, and prints "ok <runId>" or "refused <message>".
 *
 *   node --conditions=react-server --import tsx server/testing/createRunChild.ts <db>
 */
import { createInterface } from "node:readline";
import { openDatabase } from "@/db/client";
import { createRun } from "../pipeline/runs";

const db = openDatabase(process.argv[2]!);
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const [, projectId, at] = line.split(" ");
  while (Date.now() < Number(at)) {
    // spin: a timer would wake the children at different moments
  }
  try {
    process.stdout.write(`ok ${createRun(db, { projectId: Number(projectId) }).id}\n`);
  } catch (error) {
    process.stdout.write(`refused ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
