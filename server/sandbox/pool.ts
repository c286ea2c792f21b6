import { availableParallelism } from "node:os";
import type { VerifierLimits } from "@/lib/verifier/limits";
import type { CompileResult, Outcome } from "@/lib/verifier/outcome";
import { VerifierWorkerSupervisor } from "@/lib/verifier/workerSupervisor";
import { nodeWorkerSpawner } from "./spawnWorker";
import { loadQuickJSWasmModule } from "./wasmModule";

export interface VerifierPoolOptions {
  /** Worker threads (default: one per core). */
  size?: number;
  /** Responses per message to a worker (default 500; 100-1,000 keeps transport cost low). */
  batchSize?: number;
  /** Batches admitted but not yet running, before `evaluate` waits for room (default 4 per worker). */
  maxQueuedBatches?: number;
  /** Watchdog grace past each call's deadline, in ms. */
  graceMs?: number;
  /** Cap of each worker's wasm memory, in bytes. */
  wasmMemoryMaxBytes?: number;
}

/** Evaluates verifiers on worker threads; every promise resolves with one outcome per response. */
export interface VerifierPool {
  readonly size: number;
  /** Workers replaced after a time-out past the deadline or a crash. */
  readonly replacements: number;
  compile(source: string, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  evaluate(source: string, responses: readonly string[], limits?: Partial<VerifierLimits>): Promise<Outcome[]>;
  /** Outcomes indexed `[verifier][response]`. */
  evaluateMatrix(sources: readonly string[], responses: readonly string[], limits?: Partial<VerifierLimits>): Promise<Outcome[][]>;
  close(): void;
}

interface Batch {
  source: string;
  responses: readonly string[];
  limits: Partial<VerifierLimits> | undefined;
  done(outcomes: Outcome[]): void;
}

/**
 * Starts a pool of verifier workers, each holding one QuickJS instance made from a wasm module
 * compiled once here. Work is split into batches; a worker gets its next batch only when the last
 * one is done, and callers wait for queue room, so memory stays bounded however much is asked.
 */
export function createVerifierPool(options: VerifierPoolOptions = {}): VerifierPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const maxQueued = Math.max(1, options.maxQueuedBatches ?? size * 4);
  const spawn = nodeWorkerSpawner({ wasmModule: loadQuickJSWasmModule(), wasmMemoryMaxBytes: options.wasmMemoryMaxBytes });
  const workers = Array.from({ length: size }, () => new VerifierWorkerSupervisor(spawn, { graceMs: options.graceMs }));
  const queue: Batch[] = [];
  const roomWaiters: (() => void)[] = [];
  let closed = false;

  function dispatch(): void {
    for (const worker of workers) {
      if (worker.busy) continue;
      const batch = queue.shift();
      if (batch === undefined) break;
      roomWaiters.shift()?.();
      void worker.evaluate(batch.source, batch.responses, batch.limits).then((outcomes) => {
        batch.done(outcomes);
        dispatch();
      });
    }
  }

  // Resolves once the batch is queued; `result` resolves when it has run. (A bare nested
  // promise would be flattened by `await`, losing the distinction.)
  async function admit(batch: Omit<Batch, "done">): Promise<{ result: Promise<Outcome[]> }> {
    while (queue.length >= maxQueued && !closed) await new Promise<void>((resolve) => roomWaiters.push(resolve));
    if (closed) throw new Error("the verifier pool is closed");
    const result = new Promise<Outcome[]>((done) => queue.push({ ...batch, done }));
    dispatch();
    return { result };
  }

  async function evaluate(source: string, responses: readonly string[], limits?: Partial<VerifierLimits>): Promise<Outcome[]> {
    const parts: Promise<Outcome[]>[] = [];
    for (let start = 0; start < responses.length; start += batchSize) {
      parts.push((await admit({ source, responses: responses.slice(start, start + batchSize), limits })).result);
    }
    return (await Promise.all(parts)).flat();
  }

  return {
    size,
    get replacements() {
      return workers.reduce((sum, worker) => sum + worker.replacements, 0);
    },
    compile: (source, limits) => {
      const idle = workers.find((worker) => !worker.busy) ?? workers[0];
      if (idle === undefined) throw new Error("the verifier pool has no workers");
      return idle.compile(source, limits);
    },
    evaluate,
    evaluateMatrix: (sources, responses, limits) => Promise.all(sources.map((source) => evaluate(source, responses, limits))),
    close() {
      closed = true;
      for (const worker of workers) worker.terminate();
      for (const wake of roomWaiters.splice(0)) wake();
    },
  };
}
