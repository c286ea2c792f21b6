import "server-only";
import fs from "node:fs";
import path from "node:path";

/** Writes `content` to `target` through a temporary name renamed at the end: whole or not at all. */
export function writeFileAtomically(target: string, content: string) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.partial-${process.pid}`;
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
