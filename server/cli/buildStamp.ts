import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What a production build depends on; a change in any of these makes `npm start` rebuild. */
const INPUTS = [
  "app",
  "components",
  "server",
  "lib",
  "db",
  "public",
  "next.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];
const SKIP = /(^|\/)(node_modules|\.next|data)(\/|$)|\.test\.tsx?$/;

function* files(root: string, rel: string): Generator<string> {
  const full = path.join(root, rel);
  if (!fs.existsSync(full) || SKIP.test(rel)) return;
  if (fs.statSync(full).isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) yield* files(root, path.posix.join(rel, name));
  } else yield rel;
}

/** A sha256 over the paths and contents of every build input under `root`. */
export function sourceStamp(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const rel of files(root, input)) {
      hash
        .update(rel)
        .update("\0")
        .update(fs.readFileSync(path.join(root, rel)))
        .update("\0");
    }
  }
  return hash.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "autoif-source-stamp");

/** True when .next holds a build of exactly the current sources. */
export function buildIsCurrent(root: string, stamp: string): boolean {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
  return fs.existsSync(stampFile(root)) && fs.readFileSync(stampFile(root), "utf8") === stamp;
}

export function writeBuildStamp(root: string, stamp: string) {
  fs.writeFileSync(stampFile(root), stamp);
}
