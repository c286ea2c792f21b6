import { loadPyodide, type PyodideAPI } from "pyodide";
import { PYTHON_HARNESS } from "./harness";

/** Default cap of one Python interpreter's wasm memory (Pyodide starts at about 32 MiB). */
export const DEFAULT_PYTHON_WASM_MEMORY_MAX_BYTES = 512 * 1024 * 1024;

export interface PyodideRuntimeOptions {
  /**
   * Where Pyodide's files are (`pyodide.asm.mjs`, `pyodide.asm.wasm`, `python_stdlib.zip`,
   * `pyodide-lock.json`): the package directory on the server, the studio's own
   * /api/sandbox/pyodide/ in the browser. Ends with a slash. Nothing else is ever fetched.
   */
  indexURL: string;
  wasmMemoryMaxBytes?: number;
  /** Shared `Int32Array(1)`: the host stores 2 to raise KeyboardInterrupt in the running call. */
  interrupt?: Int32Array;
}

/** One sandboxed interpreter: functions the engine calls with strings and numbers only. */
export interface PyodideRuntime {
  /** '' when the source compiles, else `line\tcolumn\tmessage`. */
  prepare(source: string): string;
  /** One call: 'P', 'F' or 'E<kind>\t<message>', with a trailing '!' when the interpreter must be retired. */
  call(source: string, response: string, seed: number, checkOnly: boolean): string;
  /** Bytes of wasm memory in use (it only grows). */
  memoryBytes(): number;
  readonly maxBytes: number;
}

const WASM_PAGE_BYTES = 65_536;
const caps = new WeakMap<WebAssembly.Memory, number>();
let growPatched = false;

/**
 * Pyodide's memory is created inside its wasm module (no `maximum` we can set), but it grows only
 * through `emscripten_resize_heap`, which calls `memory.grow` from JavaScript. A grow past the
 * cap throws; Emscripten turns that into a failed malloc, which CPython raises as MemoryError.
 */
function patchGrow(): void {
  if (growPatched) return;
  growPatched = true;
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (this: WebAssembly.Memory, delta: number): number {
    const cap = caps.get(this);
    if (cap !== undefined && this.buffer.byteLength + delta * WASM_PAGE_BYTES > cap) {
      throw new RangeError(`the verifier's wasm memory cap (${cap} bytes) was reached`);
    }
    return grow.call(this, delta);
  };
}

interface EmscriptenInternals {
  memory?: WebAssembly.Memory;
  HEAPU32: Uint32Array;
}

// CPython's Py_TPFLAGS_IMMUTABLETYPE: type.__setattr__ refuses every write to such a class.
const IMMUTABLE_TYPE_FLAG = 1 << 8;

/**
 * Marks the harness's shared Python classes immutable by setting the flag in their type objects
 * (`id()` is the address in wasm memory). Python cannot set it on a class defined in Python, so
 * the host writes the word; the offset of `tp_flags` is the one word that equals `__flags__` in
 * every class. The harness then checks each class reports the flag and refuses a write.
 */
function sealClasses(heap: Uint32Array, list: string): void {
  const classes = list
    .split(",")
    .filter(Boolean)
    .map((entry) => entry.split(":").map(Number) as [number, number]);
  const offsets: number[] = [];
  for (let word = 2; word < 64; word += 1) {
    if (classes.every(([address, flags]) => heap[(address >>> 2) + word] === flags >>> 0))
      offsets.push(word);
  }
  if (offsets.length !== 1 || classes.length < 8)
    throw new Error(
      `cannot locate tp_flags (${offsets.length} candidates over ${classes.length} classes)`,
    );
  const offset = offsets[0] ?? 0;
  for (const [address] of classes)
    heap[(address >>> 2) + offset] =
      ((heap[(address >>> 2) + offset] ?? 0) | IMMUTABLE_TYPE_FLAG) >>> 0;
}

/**
 * In a browser worker, Pyodide's own `import(indexURL + "pyodide.asm.mjs")` is rewritten by the
 * bundler into a stub that throws ("expression is too dynamic"), so the worker imports the
 * module itself, from the studio's own origin, past the bundler. On Node Pyodide loads it.
 */
async function browserModuleFactory(indexURL: string): Promise<CreatePyodideModule | undefined> {
  if (typeof process !== "undefined" && process.versions?.node !== undefined) return undefined;
  const script = await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ `${indexURL}pyodide.asm.mjs`
  );
  return (script as { default: CreatePyodideModule }).default;
}

type CreatePyodideModule = NonNullable<Parameters<typeof loadPyodide>[0]>["createPyodideModule"];

/**
 * Loads Pyodide for verifiers: `js` is an empty null-prototype object (not `globalThis`), the
 * `js` and `pyodide_js` modules are unregistered, then the harness removes every finder and
 * module of Pyodide's FFI and keeps only three functions (see harness.ts). Takes seconds: done
 * at worker start and after a limit, never during a call.
 */
export async function loadPyodideRuntime(options: PyodideRuntimeOptions): Promise<PyodideRuntime> {
  const maxBytes = options.wasmMemoryMaxBytes ?? DEFAULT_PYTHON_WASM_MEMORY_MAX_BYTES;
  patchGrow();
  const silent = () => undefined;
  const pyodide: PyodideAPI = await loadPyodide({
    indexURL: options.indexURL,
    jsglobals: Object.freeze(Object.create(null) as object),
    // Deterministic str hashes, so set iteration order is the same on every run.
    env: { PYTHONHASHSEED: "0", HOME: "/home/verifier" },
    stdout: silent,
    stderr: silent,
    stdin: () => null,
    checkAPIVersion: true,
    createPyodideModule: await browserModuleFactory(options.indexURL),
  });
  const internals = (pyodide as unknown as { _module: EmscriptenInternals })._module;
  const memory = internals.memory;
  if (memory === undefined) throw new Error("Pyodide's wasm memory was not found; cannot cap it");
  if (memory.buffer.byteLength > maxBytes)
    throw new RangeError(
      `the Python wasm memory cap (${maxBytes} bytes) is below Pyodide's start size`,
    );
  caps.set(memory, maxBytes);
  if (options.interrupt) pyodide.setInterruptBuffer(options.interrupt);
  pyodide.unregisterJsModule("js");
  pyodide.unregisterJsModule("pyodide_js");
  const api = pyodide.runPython(PYTHON_HARNESS) as unknown as {
    toJs(options: { depth: number }): unknown[];
    destroy(): void;
  };
  const [prepare, call, toSeal, sealed] = api.toJs({ depth: 1 }) as [
    PyodideRuntime["prepare"],
    PyodideRuntime["call"],
    () => string,
    () => string,
  ];
  api.destroy();
  sealClasses(internals.HEAPU32, toSeal());
  const problem = sealed();
  if (problem !== "") throw new Error(`the Python sandbox could not be sealed: ${problem}`);
  pyodide.runPython("del _verifier_api");
  return {
    prepare,
    call,
    memoryBytes: () => memory.buffer.byteLength,
    maxBytes,
  };
}
