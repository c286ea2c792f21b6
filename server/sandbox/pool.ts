import { availableParallelism } from "node:os";
import { verifierCodeOf, type VerifierInput, type VerifierLanguage } from "@/lib/verifier/language";
import type { VerifierLimits } from "@/lib/verifier/limits";
import type { CompileResult, Outcome } from "@/lib/verifier/outcome";
import { VerifierWorkerSupervisor } from "@/lib/verifier/workerSupervisor";
import { nodeWorkerSpawner } from "./spawnWorker";
import { pyodideIndexPath } from "./pyodidePath";
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
  /** Cap of each JavaScript worker's wasm memory, in bytes. */
  wasmMemoryMaxBytes?: number;
  /** Python worker threads (default: `size`), started on the first Python verifier. */
  pythonSize?: number;
  /** Cap of each Python worker's wasm memory, in bytes (default 512 MiB). */
  pythonWasmMemoryMaxBytes?: number;
}

/**
 * Evaluates verifiers on worker threads; every promise resolves with one outcome per response.
 * A verifier is a bare string (JavaScript) or a {@link VerifierCode}; each runs on the workers of
 * its language, so a matrix may mix both.
 */
export interface VerifierPool {
  /** Workers per language. */
  readonly size: number;
  /** Workers replaced after a time-out past the deadline or a crash (both languages). */
  readonly replacements: number;
  compile(code: VerifierInput, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  evaluate(
    code: VerifierInput,
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
  ): Promise<Outcome[]>;
  /** Outcomes indexed `[verifier][response]`. */
  evaluateMatrix(
    codes: readonly VerifierInput[],
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
  ): Promise<Outcome[][]>;
  close(): void;
}

interface Batch {
  source: string;
  responses: readonly string[];
  limits: Partial<VerifierLimits> | undefined;
  done(outcomes: Outcome[]): void;
}

/**
 * Starts a pool of verifier workers: JavaScript workers each hold one QuickJS instance made from a
 * wasm module compiled once here; Python workers each hold one Pyodide interpreter.
 */
export function createVerifierPool(options: VerifierPoolOptions = {}): VerifierPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const lanes: Record<VerifierLanguage, Lane | undefined> = {
    javascript: undefined,
    python: undefined,
  };
  let closed = false;

  // Each language's workers start on its first verifier: a Python worker loads Pyodide for
  // seconds and holds ~40 MB, and a studio without Python verifiers should never pay that.
  function lane(language: VerifierLanguage): Lane {
    if (closed) throw new Error("the verifier pool is closed");
    const existing = lanes[language];
    if (existing !== undefined) return existing;
    const made =
      language === "python"
        ? startLane(
            Math.max(1, options.pythonSize ?? size),
            nodeWorkerSpawner({
              language: "python",
              indexURL: pyodideIndexPath(),
              wasmMemoryMaxBytes: options.pythonWasmMemoryMaxBytes,
            }),
            options,
            PYTHON_STARTUP_MS,
          )
        : startLane(
            size,
            nodeWorkerSpawner({
              wasmModule: loadQuickJSWasmModule(),
              wasmMemoryMaxBytes: options.wasmMemoryMaxBytes,
            }),
            options,
          );
    lanes[language] = made;
    return made;
  }

  async function evaluate(
    input: VerifierInput,
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
  ): Promise<Outcome[]> {
    const { language, source } = verifierCodeOf(input);
    const target = lane(language);
    const parts: Promise<Outcome[]>[] = [];
    for (let start = 0; start < responses.length; start += batchSize) {
      parts.push(
        (
          await target.admit({
            source,
            responses: responses.slice(start, start + batchSize),
            limits,
          })
        ).result,
      );
    }
    return (await Promise.all(parts)).flat();
  }

  return {
    size,
    get replacements() {
      return (lanes.javascript?.replacements() ?? 0) + (lanes.python?.replacements() ?? 0);
    },
    compile: (input, limits) => {
      const { language, source } = verifierCodeOf(input);
      return lane(language).compile(source, limits);
    },
    evaluate,
    evaluateMatrix: (codes, responses, limits) =>
      Promise.all(codes.map((code) => evaluate(code, responses, limits))),
    close() {
      closed = true;
      lanes.javascript?.close();
      lanes.python?.close();
    },
  };
}

/** A Python worker loads Pyodide (seconds; far more on a loaded machine) before it is ready. */
const PYTHON_STARTUP_MS = 180_000;

/** The workers of one language, with their queue. */
interface Lane {
  admit(batch: Omit<Batch, "done">): Promise<{ result: Promise<Outcome[]> }>;
  compile(source: string, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  replacements(): number;
  close(): void;
}

/**
 * Work is split into batches; a worker gets its next batch only when the last one is done, and
 * callers wait for queue room, so memory stays bounded however much is asked.
 */
function startLane(
  count: number,
  spawn: ReturnType<typeof nodeWorkerSpawner>,
  options: VerifierPoolOptions,
  startupMs?: number,
): Lane {
  const maxQueued = Math.max(1, options.maxQueuedBatches ?? count * 4);
  const workers = Array.from(
    { length: count },
    () => new VerifierWorkerSupervisor(spawn, { graceMs: options.graceMs, startupMs }),
  );
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

  return {
    // Resolves once the batch is queued; `result` resolves when it has run. (A bare nested
    // promise would be flattened by `await`, losing the distinction.)
    async admit(batch) {
      while (queue.length >= maxQueued && !closed)
        await new Promise<void>((resolve) => roomWaiters.push(resolve));
      if (closed) throw new Error("the verifier pool is closed");
      const result = new Promise<Outcome[]>((done) => queue.push({ ...batch, done }));
      dispatch();
      return { result };
    },
    compile(source, limits) {
      const idle = workers.find((worker) => !worker.busy) ?? workers[0];
      if (idle === undefined) throw new Error("the verifier pool has no workers");
      return idle.compile(source, limits);
    },
    replacements: () => workers.reduce((sum, worker) => sum + worker.replacements, 0),
    close() {
      closed = true;
      for (const worker of workers) worker.terminate();
      for (const wake of roomWaiters.splice(0)) wake();
    },
  };
}
