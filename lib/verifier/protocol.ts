import type { VerifierLimits } from "./limits";
import type { CompileResult, Outcome } from "./outcome";

/**
 * First message to a Web Worker: the QuickJS wasm, as a compiled module (fast; what the client
 * sends) or a URL the worker fetches. Worker threads get the same through `workerData`.
 */
export interface WorkerInit {
  type: "init";
  wasm: WebAssembly.Module | string;
  wasmMemoryMaxBytes?: number;
}

/** Host to worker. Only strings and plain numbers cross: verifier source, responses, limits. */
export type WorkerRequest =
  | { type: "evaluate"; id: number; source: string; responses: string[]; limits: Partial<VerifierLimits> }
  | { type: "compile"; id: number; source: string; limits: Partial<VerifierLimits> };

/**
 * Worker to host. One `outcome` per call, sent as soon as it is known: the host's watchdog takes
 * each message as the start of the next call, so it always knows which call is running.
 */
export type WorkerReply =
  | { type: "ready" }
  | { type: "outcome"; id: number; index: number; outcome: Outcome }
  | { type: "done"; id: number }
  | { type: "compiled"; id: number; result: CompileResult }
  | { type: "failed"; id: number; message: string };
