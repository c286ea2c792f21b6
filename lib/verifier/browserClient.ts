import type { VerifierLimits } from "./limits";
import type { CompileResult, Outcome } from "./outcome";
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
}

/** Runs verifiers in a Web Worker; a verifier that loops forever costs deadline + grace, never the page. */
export interface BrowserVerifierClient {
  /** Compile errors carry a 1-based line and column, ready for an editor marker. */
  compile(source: string, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  /** One outcome per response, in order. */
  evaluate(source: string, responses: readonly string[], limits?: Partial<VerifierLimits>): Promise<Outcome[]>;
  /** Workers terminated by the watchdog (or lost) and replaced so far. */
  readonly replacements: number;
  terminate(): void;
}

/**
 * Creates the studio's verifier client: the same QuickJS engine as the server's pool, in a Web
 * Worker, with the same watchdog (terminate the worker after deadline + grace, start another).
 * The wasm is compiled once and handed to each new worker, so a replacement is ready in ms.
 */
export function createBrowserVerifierClient(options: BrowserVerifierClientOptions): BrowserVerifierClient {
  const wasm = options.wasm;
  const compiled: Promise<WebAssembly.Module> =
    wasm instanceof WebAssembly.Module ? Promise.resolve(wasm) : WebAssembly.compileStreaming(fetch(String(wasm)));
  const spawn: SpawnVerifierWorker = ({ onReply, onCrash }) => {
    const worker = options.createWorker();
    // Shared memory exists only on cross-origin-isolated pages; otherwise outcomes come one by one.
    const progress = globalThis.crossOriginIsolated === true ? new Int32Array(new SharedArrayBuffer(8)) : undefined;
    worker.onmessage = (event) => onReply(event.data);
    worker.onerror = (event) => onCrash(event.message || "the verifier worker failed");
    worker.onmessageerror = () => onCrash("a message from the verifier worker could not be read");
    compiled.then(
      (module) => {
        const init: WorkerInit = { type: "init", wasm: module, wasmMemoryMaxBytes: options.wasmMemoryMaxBytes, progress };
        worker.postMessage(init);
      },
      (error: unknown) => onCrash(`the QuickJS wasm could not be loaded: ${String(error)}`),
    );
    return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate(), progress };
  };
  const supervisor = new VerifierWorkerSupervisor(spawn, { graceMs: options.graceMs });
  return {
    compile: (source, limits) => supervisor.compile(source, limits),
    evaluate: (source, responses, limits) => supervisor.evaluate(source, responses, limits),
    get replacements() {
      return supervisor.replacements;
    },
    terminate: () => supervisor.terminate(),
  };
}
