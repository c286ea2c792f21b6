import fs from "node:fs";
import path from "node:path";
import { killPoint } from "./killPoints";

/** The temporary name a write of `target` goes through, beside it (a rename never crosses disks). */
export function partialPathFor(target: string): string {
  return `${target}.partial-${process.pid}`;
}

function fsyncPath(file: string, flags: string): void {
  const fd = fs.openSync(file, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes the finished temporary file `partial` the file `target`: its bytes are flushed to disk,
 * then it is renamed over `target` in one step (a reader or a crash sees the old file or the new
 * one, never a mix or an empty file), then the rename itself is flushed with the folder.
 */
export function commitPartialFile(partial: string, target: string): void {
  fsyncPath(partial, "r+");
  killPoint("write", path.basename(target));
  fs.renameSync(partial, target);
  try {
    fsyncPath(path.dirname(target), "r");
  } catch {
    // Some systems (Windows) cannot open a folder to flush it; the rename is still atomic there.
  }
}

/**
 * Removes what earlier processes left when they died writing `target` (`<target>.partial-<pid>`
 * of a pid that is no longer running).
 */
export function removeStalePartials(target: string): void {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.partial-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Writes `content` to `target` through a temporary file renamed over it: whole or not at all. */
export function writeFileAtomically(target: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  removeStalePartials(target);
  const partial = partialPathFor(target);
  try {
    fs.writeFileSync(partial, content);
    commitPartialFile(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
