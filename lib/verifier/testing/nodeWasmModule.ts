// Test-only: lib/ stays free of Node imports in shipped code; its tests run in Node and need the
// wasm bytes. Production Node loading lives in server/sandbox/wasmModule.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let compiled: WebAssembly.Module | undefined;

/** The QuickJS release-sync wasm compiled once per test process. */
export function nodeWasmModule(): WebAssembly.Module {
  const path = createRequire(import.meta.url).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  compiled ??= new WebAssembly.Module(readFileSync(path));
  return compiled;
}
