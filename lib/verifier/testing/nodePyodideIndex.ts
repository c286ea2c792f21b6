// Test-only: the installed pyodide package's directory, the indexURL of in-thread Python engines
// in tests. Production Node loading lives in server/sandbox/pyodidePath.ts.
import { createRequire } from "node:module";
import path from "node:path";

export function nodePyodideIndex(): string {
  return path.dirname(createRequire(import.meta.url).resolve("pyodide/package.json")) + path.sep;
}
