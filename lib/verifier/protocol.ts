import type { VerifierLimits } from "./limits";
import type { CompileResult, Outcome } from "./outcome";

/**
 * First message to a Web Worker. A JavaScript worker gets the QuickJS wasm, as a compiled module
 * (fast; what the client sends) or a URL the worker fetches; a Python worker gets the URL of
 * Pyodide's files. Worker threads get the same through `workerData`. A worker runs one language.
 */
export type WorkerInit =
  | {
      type: "init";
      language?: "javascript";
      wasm: WebAssembly.Module | string;
      wasmMemoryMaxBytes?: number;
      /** Shared `[requestId, index]` the worker updates at each call start (see CallWatchdog). */
      progress?: Int32Array;
    }
  | {
      type: "init";
      language: "python";
      /** Where Pyodide's files are served (the studio's own origin), ending with a slash. */
      indexURL: string;
      wasmMemoryMaxBytes?: number;
      progress?: Int32Array;
      /** Shared `Int32Array(1)` the host sets to 2 at a call's deadline (Pyodide's interrupt buffer). */
      interrupt?: Int32Array;
    };

/** Host to worker. Only strings and plain numbers cross: verifier source, responses, limits. */
export type WorkerRequest =
  | {
      type: "evaluate";
      id: number;
      source: string;
      responses: string[];
      limits: Partial<VerifierLimits>;
    }
  | { type: "compile"; id: number; source: string; limits: Partial<VerifierLimits> };

/**
 * Worker to host. `outcomes` carries finished calls from index `start`: one per message when the
 * host's watchdog relies on messages, chunks of ~20 ms of work when it polls shared progress.
 */
export type WorkerReply =
  | { type: "ready" }
  | { type: "outcomes"; id: number; start: number; outcomes: Outcome[] }
  | { type: "done"; id: number }
  | { type: "compiled"; id: number; result: CompileResult }
  /** The engine is building a new wasm instance (start) or is done (end): no call is running. */
  | { type: "rebuilding"; id: number; phase: "start" | "end" }
  | { type: "failed"; id: number; message: string };
