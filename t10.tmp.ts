import path from "node:path";
import { loadPyodideRuntime } from "./lib/verifier/python/pyodideRuntime";
const rt = await loadPyodideRuntime({ indexURL: path.resolve("node_modules/pyodide") + "/" });
for (const src of ["def evaluate(r):\n    return True\n", "import re\ndef evaluate(response):\n    return len(re.findall(r'\\w+', response)) > 3\n", "def evaluate(r):\n    return len(r.split()) > 3\n"]) {
  rt.prepare(src);
  for (let k = 0; k < 2; k++) {
    const t = performance.now();
    for (let i = 0; i < 2000; i++) rt.call(src, "word ".repeat(i % 7), 1, false);
    console.log(JSON.stringify(src.slice(0, 30)), ((performance.now() - t) / 2000 * 1000).toFixed(1), "us");
  }
}
