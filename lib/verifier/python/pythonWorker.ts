import type { WorkerReply, WorkerRequest } from "../protocol";
import { startEngineWorker } from "../workerHandler";
import { createPythonEngine } from "./pythonEngine";

/**
 * Serves the verifier protocol with the Pyodide engine (a Web Worker or a worker thread). Loaded
 * with a dynamic import by the worker entries, so a JavaScript-only worker never loads Pyodide.
 */
export function startPythonVerifierWorker(
  post: (reply: WorkerReply) => void,
  options: {
    indexURL: string;
    wasmMemoryMaxBytes?: number;
    progress?: Int32Array;
    interrupt?: Int32Array;
  },
): Promise<(request: WorkerRequest) => void> {
  const { indexURL, wasmMemoryMaxBytes, interrupt } = options;
  return startEngineWorker(
    (onRebuild) => createPythonEngine({ indexURL, wasmMemoryMaxBytes, interrupt, onRebuild }),
    post,
    options,
  );
}
