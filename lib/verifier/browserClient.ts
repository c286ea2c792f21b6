import { verifierCodeOf, type VerifierInput, type VerifierLanguage } from "./language";
import type { VerifierLimits } from "./limits";
import { errorOutcome, type CompileResult, type Outcome } from "./outcome";
import type { WorkerInit, WorkerReply } from "./protocol";
import { VerifierWorkerSupervisor, type SpawnVerifierWorker } from "./workerSupervisor";

/** The part of a browser `Worker` the client uses (tests pass a stand-in). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface BrowserVerifierClientOptions {
  /**
   * Makes a new worker running lib/verifier/browserWorker.ts, for example
   * `() => new Worker(new URL("@/lib/verifier/browserWorker.ts", import.meta.url), { type: "module" })`.
   * Called again to replace a worker the watchdog terminated.
   */
  createWorker: () => WorkerLike;
  /** The QuickJS release-sync `.wasm`: its URL (compiled once here) or a compiled module. */
  wasm: string | URL | WebAssembly.Module;
  /** Watchdog grace past each call's deadline, in ms. */
  graceMs?: number;
  /** Cap of the worker's wasm memory, in bytes. */
  wasmMemoryMaxBytes?: number;
  /**
   * Where Pyodide's files are served from the studio's own origin (app/api/sandbox/pyodide),
   * ending with a slash. Python verifiers run in a second worker, started on the first one;
   * without this option they end as `crash` errors naming what is missing.
   */
  pyodideIndexURL?: string | URL;
  /** Cap of the Python worker's wasm memory, in bytes (default 512 MiB). */
  pythonWasmMemoryMaxBytes?: number;
  /** Time a Python worker may take to load Pyodide (default 180 s). */
  pythonStartupMs?: number;
}

/** Runs verifiers in a Web Worker; a verifier that loops forever costs deadline + grace, never the page. */
export interface BrowserVerifierClient {
  /** Compile errors carry a 1-based line and column, ready for an editor marker. A bare string is JavaScript. */
  compile(code: VerifierInput, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  /** One outcome per response, in order. */
  evaluate(
    code: VerifierInput,
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
  ): Promise<Outcome[]>;
  /** Workers terminated by the watchdog (or lost) and replaced so far (both languages). */
  readonly replacements: number;
  terminate(): void;
}

/**
 * Creates the studio's verifier client: the same QuickJS engine as the server's pool, in a Web
 * Worker, with the same watchdog (terminate the worker after deadline + grace, start another).
 * The wasm is compiled once and handed to each new worker, so a replacement is ready in ms.
 */
export function createBrowserVerifierClient(
  options: BrowserVerifierClientOptions,
): BrowserVerifierClient {
  const wasm = options.wasm;
  const compiled: Promise<WebAssembly.Module> =
    wasm instanceof WebAssembly.Module
      ? Promise.resolve(wasm)
      : WebAssembly.compileStreaming(fetch(String(wasm)));
  const spawn: SpawnVerifierWorker = ({ onReply, onCrash }) => {
    const worker = options.createWorker();
    // Shared memory exists only on cross-origin-isolated pages; otherwise outcomes come one by one.
    const progress =
      globalThis.crossOriginIsolated === true
        ? new Int32Array(new SharedArrayBuffer(8))
        : undefined;
    worker.onmessage = (event) => onReply(event.data);
    worker.onerror = (event) => onCrash(event.message || "the verifier worker failed");
    worker.onmessageerror = () => onCrash("a message from the verifier worker could not be read");
    compiled.then(
      (module) => {
        const init: WorkerInit = {
          type: "init",
          wasm: module,
          wasmMemoryMaxBytes: options.wasmMemoryMaxBytes,
          progress,
        };
        worker.postMessage(init);
      },
      (error: unknown) => onCrash(`the QuickJS wasm could not be loaded: ${String(error)}`),
    );
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => worker.terminate(),
      progress,
    };
  };
  const supervisors: Record<VerifierLanguage, VerifierWorkerSupervisor | undefined> = {
    javascript: undefined,
    python: undefined,
  };
  const supervisor = (language: VerifierLanguage): VerifierWorkerSupervisor => {
    const existing = supervisors[language];
    if (existing !== undefined) return existing;
    const made =
      language === "python"
        ? new VerifierWorkerSupervisor(pythonSpawner(options), {
            graceMs: options.graceMs,
            startupMs: options.pythonStartupMs ?? 180_000,
          })
        : new VerifierWorkerSupervisor(spawn, { graceMs: options.graceMs });
    supervisors[language] = made;
    return made;
  };
  const noPython =
    "Python verifiers need pyodideIndexURL (the studio serves Pyodide at /api/sandbox/pyodide/)";
  return {
    compile: async (input, limits) => {
      const { language, source } = verifierCodeOf(input);
      if (language === "python" && options.pyodideIndexURL === undefined)
        return { ok: false, error: { message: noPython, line: 1, column: 1 } };
      return supervisor(language).compile(source, limits);
    },
    evaluate: async (input, responses, limits) => {
      const { language, source } = verifierCodeOf(input);
      if (language === "python" && options.pyodideIndexURL === undefined)
        return responses.map(() => errorOutcome("crash", noPython));
      return supervisor(language).evaluate(source, responses, limits);
    },
    get replacements() {
      return (supervisors.javascript?.replacements ?? 0) + (supervisors.python?.replacements ?? 0);
    },
    terminate: () => {
      supervisors.javascript?.terminate();
      supervisors.python?.terminate();
      supervisors.javascript = undefined;
      supervisors.python = undefined;
    },
  };
}

/** Spawns the Python worker: the same worker script, told to load Pyodide from `pyodideIndexURL`. */
function pythonSpawner(options: BrowserVerifierClientOptions): SpawnVerifierWorker {
  return ({ onReply, onCrash }) => {
    const worker = options.createWorker();
    const isolated = globalThis.crossOriginIsolated === true;
    const progress = isolated ? new Int32Array(new SharedArrayBuffer(8)) : undefined;
    // Without shared memory there is no interrupt: the watchdog alone stops a call at deadline + grace.
    const interrupt = isolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    worker.onmessage = (event) => onReply(event.data);
    worker.onerror = (event) => onCrash(event.message || "the Python verifier worker failed");
    worker.onmessageerror = () =>
      onCrash("a message from the Python verifier worker could not be read");
    const init: WorkerInit = {
      type: "init",
      language: "python",
      indexURL: String(options.pyodideIndexURL),
      wasmMemoryMaxBytes: options.pythonWasmMemoryMaxBytes,
      progress,
      interrupt,
    };
    worker.postMessage(init);
    return {
      post: (request) => worker.postMessage(request),
      terminate: () => worker.terminate(),
      progress,
      interrupt,
    };
  };
}
