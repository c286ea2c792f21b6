import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let compiled: WebAssembly.Module | undefined;

/** Path of the QuickJS release-sync `.wasm` inside node_modules. */
export function quickJSWasmPath(): string {
  // Built at run time so that Next's bundler, which reaches this file through the studio's
  // sandbox pool, does not try to bundle the wasm. Inside the bundle `require.resolve` of a
  // computed name throws, so there the file is found from the repo root `npm start` runs in
  // (as app/api/sandbox/quickjs.wasm does). The turbopackIgnore comments tell the bundler these
  // run-time lookups are meant: without them `next build` warns about a dynamic request and
  // about tracing the whole project.
  const specifier = ["@jitl/quickjs-wasmfile-release-sync", "wasm"].join("/");
  try {
    return createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ specifier);
  } catch {
    return path.join(
      process.cwd(),
      "node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm",
    );
  }
}

/**
 * The QuickJS wasm compiled once per process. A `WebAssembly.Module` can be posted to worker
 * threads, so workers instantiate it (about 2 ms) instead of compiling 500 KB again.
 */
export function loadQuickJSWasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(/* turbopackIgnore: true */ quickJSWasmPath()));
  return compiled;
}
