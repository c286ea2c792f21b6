import { createVerifierEngine, type VerifierEngine } from "./engine";
import type { WorkerReply, WorkerRequest } from "./protocol";
import type { WasmModuleSource } from "./quickjsModule";

/**
 * Serves {@link WorkerRequest}s inside a Web Worker or a worker thread; `post` sends replies to
 * the host. Requests run one at a time (an engine is single-threaded and may await a rebuild).
 * Posts `ready` once the engine exists, so start-up time never counts against a deadline.
 */
export async function startVerifierWorker(
  wasmModule: WasmModuleSource,
  post: (reply: WorkerReply) => void,
  wasmMemoryMaxBytes?: number,
): Promise<(request: WorkerRequest) => void> {
  const engine: VerifierEngine = await createVerifierEngine({ wasmModule, wasmMemoryMaxBytes });
  let queue: Promise<void> = Promise.resolve();
  post({ type: "ready" });
  return (request) => {
    queue = queue.then(() => serve(engine, request, post));
  };
}

async function serve(engine: VerifierEngine, request: WorkerRequest, post: (reply: WorkerReply) => void): Promise<void> {
  try {
    if (request.type === "compile") {
      post({ type: "compiled", id: request.id, result: await engine.compile(request.source, request.limits) });
      return;
    }
    let sent = 0;
    const outcomes = await engine.evaluate(request.source, request.responses, request.limits, (index, done) => {
      // Flush what finished before call `index` starts; the host's watchdog re-arms on it.
      for (; sent < index; sent += 1) {
        const outcome = done[sent];
        if (outcome !== undefined) post({ type: "outcome", id: request.id, index: sent, outcome });
      }
    });
    for (; sent < outcomes.length; sent += 1) {
      const outcome = outcomes[sent];
      if (outcome !== undefined) post({ type: "outcome", id: request.id, index: sent, outcome });
    }
    post({ type: "done", id: request.id });
  } catch (error) {
    post({ type: "failed", id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}
