import path from "node:path";
import pyodidePackage from "pyodide/package.json";
import { apiRoute, methodNotAllowed } from "@/server/security/apiRoute";
import { immutableFileResponse } from "@/server/sandbox/immutableFile";

export const runtime = "nodejs";

// As app/api/sandbox/quickjs.wasm: found from the repository root `npm start` runs in, so the
// bundler does not try to follow the package, and the repository holds no copy that could drift.
const PYODIDE_DIR = path.join(process.cwd(), "node_modules/pyodide");

/** The only files the browser's Python worker loads; nothing else of the package is served. */
const FILES: Record<string, string> = {
  "pyodide.asm.mjs": "text/javascript; charset=utf-8",
  "pyodide.asm.wasm": "application/wasm",
  "python_stdlib.zip": "application/zip",
  "pyodide-lock.json": "application/json",
};

type Context = { params: Promise<{ version: string; file: string }> };

/**
 * Pyodide's runtime for the browser sandbox (see docs/sandbox.md, "Python verifiers"). The
 * package version is a path segment (Pyodide resolves its files against the directory it is
 * given), so the year-long immutable cache is safe across upgrades.
 */
export const GET = apiRoute("none", async (_req: Request, ctx: Context) => {
  const { version, file } = await ctx.params;
  if (version !== pyodidePackage.version) {
    return Response.json(
      {
        message: `This studio serves Pyodide ${pyodidePackage.version}, not ${version.slice(0, 40)}.`,
      },
      { status: 404 },
    );
  }
  const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (type === undefined)
    return Response.json(
      { message: `Not a Pyodide runtime file: ${file.slice(0, 80)}.` },
      { status: 404 },
    );
  return immutableFileResponse(path.join(PYODIDE_DIR, file), type);
});

// Every other method meets the same access checks first (see methodNotAllowed).
export const POST = methodNotAllowed(["GET", "HEAD"]);
export const PUT = methodNotAllowed(["GET", "HEAD"]);
export const PATCH = methodNotAllowed(["GET", "HEAD"]);
export const DELETE = methodNotAllowed(["GET", "HEAD"]);
export const OPTIONS = methodNotAllowed(["GET", "HEAD"]);
