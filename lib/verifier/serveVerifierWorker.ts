import type { WorkerInit, WorkerReply, WorkerRequest } from "./protocol";
import { startVerifierWorker } from "./workerHandler";

/** The part of a DedicatedWorkerGlobalScope the verifier worker uses. */
export interface VerifierWorkerScope {
  onmessage: ((event: MessageEvent<WorkerInit | WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}

/**
 * Serves the verifier protocol on a Web Worker scope: waits for {@link WorkerInit}, builds the
 * engine, replies `ready`, then answers requests. Requests sent before `ready` are held.
 */
export function serveVerifierWorker(scope: VerifierWorkerScope): void {
  const early: WorkerRequest[] = [];
  let handle: ((request: WorkerRequest) => void) | undefined;
  scope.onmessage = (event) => {
    const message = event.data;
    if (message.type !== "init") {
      if (handle) handle(message);
      else early.push(message);
      return;
    }
    const post = (reply: WorkerReply) => scope.postMessage(reply);
    let started: Promise<(request: WorkerRequest) => void>;
    if (message.language === "python") {
      // A separate chunk: a JavaScript worker never loads Pyodide.
      const init = message;
      started = import("./python/pythonWorker").then(({ startPythonVerifierWorker }) =>
        startPythonVerifierWorker(post, init),
      );
    } else {
      const wasm = message.wasm;
      const wasmModule =
        typeof wasm === "string" ? () => WebAssembly.compileStreaming(fetch(wasm)) : wasm;
      started = startVerifierWorker(wasmModule, post, {
        wasmMemoryMaxBytes: message.wasmMemoryMaxBytes,
        progress: message.progress,
      });
    }
    void started.then((serve) => {
      handle = serve;
      for (const request of early.splice(0)) serve(request);
    });
  };
}
