import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { seedInstructions } from "@/db/schema";

export type KillRound = {
  before: number;
  after: number;
  committedImports: number;
  killedMidImport: boolean;
  integrity: string;
};

function countSeeds(db: Db, projectId: number) {
  return db
    .select({ id: seedInstructions.id })
    .from(seedInstructions)
    .where(eq(seedInstructions.projectId, projectId))
    .all().length;
}

/** SQLite's own check of the file: "ok", or the first problems it found. */
export function integrityCheck(db: Db): string {
  const rows = db.$client.pragma("integrity_check") as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join("; ");
}

/**
 * Starts a child that imports `batch` seeds at a time into `projectId`, one file after another,
 * and SIGKILLs itself inside the transaction of import number `killIn` (1-based), after its rows
 * are inserted and before the commit (kill point `seed-import:<file>`, see server/killPoints.ts).
 * Reports the seed count before and after, the imports the child saw committed, and whether it
 * died inside an import (it had said "begin" and not "imported").
 */
export async function killImportOnce(
  dbFile: string,
  db: Db,
  projectId: number,
  opts: { batch: number; killIn: number; tag: string },
): Promise<KillRound> {
  const before = countSeeds(db, projectId);
  const child = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(process.cwd(), "server/testing/importLoopChild.ts"),
      dbFile,
      String(projectId),
      String(opts.batch),
      opts.tag,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        AUTOIF_TEST_KILL_AT: `seed-import:crash-${opts.tag}-${opts.killIn - 1}.txt`,
      },
    },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  if (signal !== "SIGKILL")
    throw new Error(
      `the import child was to kill itself in import ${opts.killIn} but ended otherwise:\n${output}`,
    );
  return {
    before,
    after: countSeeds(db, projectId),
    committedImports: (output.match(/^imported /gm) ?? []).length,
    killedMidImport: output.trimEnd().endsWith("begin"),
    integrity: integrityCheck(db),
  };
}

/**
 * Runs `processes` children at once, each adding `count` seeds one by one (read-then-write
 * transactions); returns what each printed and how it exited, and the seeds now in the project.
 */
export async function runAddLoops(
  db: Db,
  dbFile: string,
  projectId: number,
  processes: number,
  count: number,
) {
  const one = (i: number) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        path.join(process.cwd(), "server/testing/seedAddLoopChild.ts"),
        dbFile,
        String(projectId),
        String(count),
        `p${i}-${Date.now().toString(36)}`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    return new Promise<{ code: number | null; output: string }>((resolve) =>
      child.once("exit", (code) => resolve({ code, output })),
    );
  };
  const results = await Promise.all(Array.from({ length: processes }, (_, i) => one(i)));
  return { results, seeds: countSeeds(db, projectId) };
}

/**
 * Starts a second process that holds the write lock of `dbFile` (BEGIN IMMEDIATE) until the
 * returned `release` is called; resolves once the lock is held.
 */
export async function holdWriteLock(dbFile: string): Promise<{ release: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(process.cwd(), "server/testing/holdWriteLock.ts"), dbFile],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        output += c.toString();
        if (output.includes("held\n")) resolve();
      });
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      void exited.then(() =>
        reject(new Error(`the lock holder exited before it held the lock:\n${output}`)),
      );
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * Runs a TypeScript entry point (`server/testing/*Child.ts`, `server/cli/main.ts`) as its own
 * process, optionally with a kill point (AUTOIF_TEST_KILL_AT), and resolves how it ended.
 */
export function runChild(
  script: string,
  args: string[],
  opts: { killAt?: string; env?: Record<string, string> } = {},
) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), script), ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...opts.env,
        ...(opts.killAt ? { AUTOIF_TEST_KILL_AT: opts.killAt } : {}),
      },
    },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => child.once("exit", (code, signal) => resolve({ code, signal, output })),
  );
}
