import { createRequire } from "node:module";
import path from "node:path";

/**
 * The directory of the `pyodide` package (its runtime, wasm and standard library), ending with a
 * slash: the `indexURL` the server's Python workers load from. Nothing is downloaded.
 */
export function pyodideIndexPath(): string {
  // Computed at run time, as in wasmModule.ts, so Next's bundler does not try to follow it.
  const specifier = ["pyodide", "package.json"].join("/");
  try {
    return (
      path.dirname(createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ specifier)) +
      path.sep
    );
  } catch {
    return path.join(process.cwd(), "node_modules/pyodide") + path.sep;
  }
}
