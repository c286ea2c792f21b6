import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_METHODS, GUARDED } from "./apiRoute";

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

// proxy.ts does not run on /api/ (it would cut request bodies at 10 MB), so each API route must
// apply the access checks itself: this proves every handler there is built by apiRoute.
describe("every /api/ route handler is built by apiRoute", () => {
  const files = routeFiles(path.join(process.cwd(), "app/api"));
  it("finds the routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const file of files) {
    it(path.relative(process.cwd(), file), async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      // Next answers a method a route does not export (405, or 204 for OPTIONS) before any route
      // code runs, so every method must be exported and guarded; HEAD may be left to Next, which
      // then runs the guarded GET.
      for (const method of API_METHODS) {
        if (method === "HEAD" && !(method in mod) && "GET" in mod) continue;
        expect(mod[method], `${method} exported by ${file}`).toBeDefined();
        expect(
          (mod[method] as Record<symbol, unknown>)[GUARDED],
          `${method} in ${file}`,
        ).toBeDefined();
      }
    });
  }

  it("proxy.ts leaves /api/ to the routes and runs on everything else", async () => {
    const { config } = await import("@/proxy");
    // The matcher is a path-to-regexp source that is also a plain regular expression.
    const pattern = new RegExp(`^${config.matcher}$`);
    for (const p of ["/", "/projects/1/seeds", "/login", "/_next/static/x.js", "/apix", "/api"])
      expect(pattern.test(p), p).toBe(true);
    for (const p of ["/api/trpc/project.list", "/api/projects/1/queries"])
      expect(pattern.test(p), p).toBe(false);
  });
});
