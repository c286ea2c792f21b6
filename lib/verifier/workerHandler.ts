import { createVerifierEngine, type VerifierEngine } from "./engine";
import type { Outcome } from "./outcome";
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
  options: { wasmMemoryMaxBytes?: number; progress?: Int32Array } = {},
): Promise<(request: WorkerRequest) => void> {
  const { wasmMemoryMaxBytes } = options;
  return startEngineWorker(
    (onRebuild) => createVerifierEngine({ wasmModule, wasmMemoryMaxBytes, onRebuild }),
    post,
    options,
  );
}

/** Builds an engine that reports its rebuilds through `onRebuild`. */
export type EngineFactory = (
  onRebuild: (phase: "start" | "end") => void,
) => Promise<VerifierEngine>;

/** {@link startVerifierWorker} for any engine (the Python worker uses it with Pyodide). */
export async function startEngineWorker(
  createEngine: EngineFactory,
  post: (reply: WorkerReply) => void,
  options: { progress?: Int32Array } = {},
): Promise<(request: WorkerRequest) => void> {
  const { progress } = options;
  let current = 0;
  const engine: VerifierEngine = await createEngine((phase) =>
    post({ type: "rebuilding", id: current, phase }),
  );
  let queue: Promise<void> = Promise.resolve();
  post({ type: "ready" });
  return (request) => {
    queue = queue.then(() => {
      current = request.id;
      return serve(engine, request, post, progress);
    });
  };
}

// With shared progress the host polls which call runs, so outcomes can wait for a chunk.
const CHUNK_MS = 20;

async function serve(
  engine: VerifierEngine,
  request: WorkerRequest,
  post: (reply: WorkerReply) => void,
  progress?: Int32Array,
): Promise<void> {
  try {
    if (request.type === "compile") {
      post({
        type: "compiled",
        id: request.id,
        result: await engine.compile(request.source, request.limits),
      });
      return;
    }
    if (progress) Atomics.store(progress, 0, request.id);
    let sent = 0;
    let sentAt = performance.now();
    const flush = (done: readonly Outcome[], upTo: number) => {
      if (upTo > sent)
        post({ type: "outcomes", id: request.id, start: sent, outcomes: done.slice(sent, upTo) });
      sent = upTo;
      sentAt = performance.now();
    };
    const outcomes = await engine.evaluate(
      request.source,
      request.responses,
      request.limits,
      (index, done) => {
        if (progress === undefined) return flush(done, index);
        Atomics.store(progress, 1, index);
        if (performance.now() - sentAt >= CHUNK_MS) flush(done, index);
      },
    );
    flush(outcomes, outcomes.length);
    post({ type: "done", id: request.id });
  } catch (error) {
    post({
      type: "failed",
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
