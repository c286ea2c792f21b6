import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { childEnv } from "../env.mjs";

describe("a quiet start", () => {
  it("runs next build and next start with telemetry off", () => {
    expect(childEnv().NEXT_TELEMETRY_DISABLED).toBe("1");
    expect(childEnv({ AUTOIF_DB_PATH: "/tmp/x.db" }).AUTOIF_DB_PATH).toBe("/tmp/x.db");
  });

  it("reviews every install script of the lockfile in package.json's allowScripts, so npm ci prints no advisory", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as {
      allowScripts?: Record<string, boolean>;
    };
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = [
      ...new Set(
        Object.entries(lock.packages)
          .filter(([, p]) => p.hasInstallScript)
          .map(([k]) => k.split("node_modules/").pop()!),
      ),
    ].sort();
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => pkg.allowScripts?.[name] === undefined)).toEqual([]);
    // better-sqlite3 must keep its install script: it builds or fetches the native module.
    expect(pkg.allowScripts?.["better-sqlite3"]).toBe(true);
  });

  it("ships a favicon, so no page logs a 404 for it", () => {
    const ico = fs.readFileSync("app/favicon.ico");
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});
