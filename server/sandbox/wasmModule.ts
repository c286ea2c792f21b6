import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let compiled: WebAssembly.Module | undefined;

/** Path of the QuickJS release-sync `.wasm` inside node_modules. */
export function quickJSWasmPath(): string {
  // Built at run time so that Next's bundler, which reaches this file through the studio's
  // sandbox pool, reads the wasm from node_modules instead of trying to bundle it.
  const specifier = ["@jitl/quickjs-wasmfile-release-sync", "wasm"].join("/");
  return createRequire(import.meta.url).resolve(specifier);
}

/**
 * The QuickJS wasm compiled once per process. A `WebAssembly.Module` can be posted to worker
 * threads, so workers instantiate it (about 2 ms) instead of compiling 500 KB again.
 */
export function loadQuickJSWasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(quickJSWasmPath()));
  return compiled;
}
