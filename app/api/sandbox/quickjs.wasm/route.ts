import path from "node:path";
import { apiRoute, methodNotAllowed } from "@/server/security/apiRoute";
import { immutableFileResponse } from "@/server/sandbox/immutableFile";

export const runtime = "nodejs";

// Not server/sandbox's quickJSWasmPath(): Turbopack turns its require.resolve of a .wasm into a
// wasm import and the build fails. `npm start` runs from the repository root, like next itself.
const WASM_PATH = path.join(
  process.cwd(),
  "node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm",
);

/**
 * The QuickJS engine for the browser sandbox, served from node_modules so the repository holds no
 * copy that could drift from the package the server runs. The client asks for it with the
 * package version in the query, so a year-long immutable cache is safe across upgrades.
 */
export const GET = apiRoute("none", () => immutableFileResponse(WASM_PATH, "application/wasm"));

// Every other method meets the same access checks first (see methodNotAllowed).
export const POST = methodNotAllowed(["GET", "HEAD"]);
export const PUT = methodNotAllowed(["GET", "HEAD"]);
export const PATCH = methodNotAllowed(["GET", "HEAD"]);
export const DELETE = methodNotAllowed(["GET", "HEAD"]);
export const OPTIONS = methodNotAllowed(["GET", "HEAD"]);
