import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { seedInstructions } from "@/db/schema";

export type KillRound = { before: number; after: number; committedImports: number; killedMidImport: boolean; integrity: string };

function countSeeds(db: Db, projectId: number) {
  return db.select({ id: seedInstructions.id }).from(seedInstructions).where(eq(seedInstructions.projectId, projectId)).all().length;
}

/** SQLite's own check of the file: "ok", or the first problems it found. */
export function integrityCheck(db: Db): string {
  const rows = db.$client.pragma("integrity_check") as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join("; ");
}

/**
 * Starts a child that imports `batch` seeds at a time into `projectId` and SIGKILLs it after a
 * random 0..maxDelayMs once it is ready; reports the seed count before and after, and whether
 * the kill landed while an import was under way (the child had said "begin" and not yet "imported").
 */
export async function killImportOnce(
  db: Db,
  dbFile: string,
  projectId: number,
  opts: { batch: number; maxDelayMs: number; random?: () => number },
): Promise<KillRound> {
  const before = countSeeds(db, projectId);
  const tag = `${process.pid}-${Date.now().toString(36)}-${Math.floor((opts.random ?? Math.random)() * 1e9)}`;
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), "server/testing/importLoopChild.ts"), dbFile, String(projectId), String(opts.batch), tag],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
      if (output.includes("ready\n")) resolve();
    });
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    void exited.then(() => reject(new Error(`the import child exited before it was ready:\n${output}`)));
  });
  await new Promise((r) => setTimeout(r, Math.floor((opts.random ?? Math.random)() * opts.maxDelayMs)));
  child.kill("SIGKILL");
  const signal = await exited;
  if (signal !== "SIGKILL") throw new Error(`the import child ended by itself:\n${output}`);
  const committedImports = (output.match(/^imported /gm) ?? []).length;
  const after = countSeeds(db, projectId);
  return {
    before,
    after,
    committedImports,
    killedMidImport: output.trimEnd().endsWith("begin"),
    integrity: integrityCheck(db),
  };
}

/**
 * Runs `processes` children at once, each adding `count` seeds one by one (read-then-write
 * transactions); returns what each printed and how it exited, and the seeds now in the project.
 */
export async function runAddLoops(db: Db, dbFile: string, projectId: number, processes: number, count: number) {
  const one = (i: number) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), "server/testing/seedAddLoopChild.ts"), dbFile, String(projectId), String(count), `p${i}-${Date.now().toString(36)}`],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    return new Promise<{ code: number | null; output: string }>((resolve) => child.once("exit", (code) => resolve({ code, output })));
  };
  const results = await Promise.all(Array.from({ length: processes }, (_, i) => one(i)));
  return { results, seeds: countSeeds(db, projectId) };
}

/**
 * Starts a second process that holds the write lock of `dbFile` (BEGIN IMMEDIATE) until the
 * returned `release` is called; resolves once the lock is held.
 */
export async function holdWriteLock(dbFile: string): Promise<{ release: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(process.cwd(), "server/testing/holdWriteLock.ts"), dbFile], { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        output += c.toString();
        if (output.includes("held\n")) resolve();
      });
      child.stderr.on("data", (c: Buffer) => (output += c.toString()));
      void exited.then(() => reject(new Error(`the lock holder exited before it held the lock:\n${output}`)));
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
