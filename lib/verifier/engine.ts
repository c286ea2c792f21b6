import { resolveLimits, type VerifierLimits } from "./limits";
import { errorOutcome, type CompileResult, type Outcome } from "./outcome";
import {
  DEFAULT_WASM_MEMORY_MAX_BYTES,
  instantiateQuickJS,
  type WasmModuleSource,
} from "./quickjsModule";
import { deepestNesting } from "./nesting";
import type { CompileError } from "./outcome";
import { COMPILE_STACK_BYTES, SandboxInstance } from "./sandboxInstance";

// When parsing overflowed the host's stack anyway, parse again on a fresh instance with this much
// guest stack, so QuickJS stops first and names the place.
const LOCATE_STACK_BYTES = 2 * 1024;
const MAX_REMEMBERED_HOST_FAILURES = 32;

export interface VerifierEngineOptions {
  /** The compiled QuickJS wasm (release-sync variant); the server reads it from node_modules, the browser fetches it. */
  wasmModule: WasmModuleSource;
  /** Cap of the wasm memory, in bytes (default 256 MiB). */
  wasmMemoryMaxBytes?: number;
  /**
   * Guest stack while parsing (default {@link COMPILE_STACK_BYTES}). Tests raise it so that the
   * host's stack overflows first, to check that path still ends as a located compile error.
   */
  compileStackBytes?: number;
  /**
   * Told when the engine starts and finishes building a new wasm instance (after a limit, a leak
   * risk or a host exception). Building hardens a realm, tens of ms and more on a busy machine,
   * and is no call's work: a host's watchdog pauses meanwhile (workerHandler.ts).
   */
  onRebuild?: (phase: "start" | "end") => void;
}

/** Called before call `index` starts; `outcomes` holds the finished ones (a live array). */
export type ProgressListener = (index: number, outcomes: readonly Outcome[]) => void;

/** Runs verifiers in QuickJS. One engine holds one wasm instance at a time; it is single-threaded. */
export interface VerifierEngine {
  /** Parses the verifier and runs its top level once to check it defines `evaluate(response)`. */
  compile(source: string, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  /** Evaluates the verifier on each response in order; one outcome per response. */
  evaluate(
    source: string,
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
    onProgress?: ProgressListener,
  ): Promise<Outcome[]>;
  /** How many wasm instances were thrown away after a limit, a leak risk or a host exception. */
  readonly rebuilds: number;
  dispose(): void;
}

/**
 * Creates an engine. Every call runs under a deadline (interrupt handler), a QuickJS memory limit,
 * a wasm memory cap and a stack limit; an instance that hit one is rebuilt (about 2 ms). Long
 * native calls can still overrun the deadline: the owner of the thread needs a watchdog too.
 */
export async function createVerifierEngine(
  options: VerifierEngineOptions,
): Promise<VerifierEngine> {
  const maxBytes = options.wasmMemoryMaxBytes ?? DEFAULT_WASM_MEMORY_MAX_BYTES;
  const compileStack = options.compileStackBytes ?? COMPILE_STACK_BYTES;
  const build = async () =>
    new SandboxInstance(
      await instantiateQuickJS(options.wasmModule, maxBytes),
      maxBytes / 2,
      compileStack,
    );
  let current: SandboxInstance | undefined = await build();
  let rebuilds = 0;
  // Sources whose parse overflowed the host: parsing them again would only do it again.
  const hostParseFailures = new Map<string, CompileError>();

  async function instance(): Promise<SandboxInstance> {
    if (current !== undefined) return current;
    options.onRebuild?.("start");
    try {
      current = await build();
    } finally {
      options.onRebuild?.("end");
    }
    return current;
  }

  function drop(dispose: boolean): void {
    // After a host exception the wasm state is suspect and disposing can abort it: just let go.
    if (dispose) current?.dispose();
    current = undefined;
    rebuilds += 1;
  }

  /**
   * Parses `source` on the current instance. A host exception there (the host's stack overflowing
   * inside QuickJS's parser) must not escape: the instance is dropped and the source gets a
   * located compile error from a parse on a fresh instance with a tiny guest stack.
   */
  async function parse(source: string): Promise<CompileError | undefined> {
    const known = hostParseFailures.get(source);
    if (known !== undefined) return known;
    const sandbox = await instance();
    try {
      const prepared = sandbox.prepare(source);
      return "error" in prepared ? prepared.error : undefined;
    } catch (hostError) {
      drop(false);
      const error = await locateHostParseFailure(source, hostError);
      if (hostParseFailures.size >= MAX_REMEMBERED_HOST_FAILURES) hostParseFailures.clear();
      hostParseFailures.set(source, error);
      return error;
    }
  }

  async function locateHostParseFailure(source: string, hostError: unknown): Promise<CompileError> {
    const text =
      hostError instanceof Error ? `${hostError.name}: ${hostError.message}` : String(hostError);
    const probe = await build();
    try {
      const prepared = probe.compile(source, LOCATE_STACK_BYTES);
      probe.dispose();
      if ("error" in prepared) return prepared.error;
      prepared.factory.dispose();
    } catch {
      // Overflowed again: fall through to counting brackets on the host.
    }
    const { line, column } = deepestNesting(source);
    return {
      message: `SyntaxError: the verifier is nested too deeply to parse (${text})`,
      line,
      column,
    };
  }

  // Synchronous per call so a batch costs no promise ticks; only a rebuild awaits.
  function run(
    sandbox: SandboxInstance,
    source: string,
    response: string,
    limits: VerifierLimits,
    checkOnly: boolean,
  ): Outcome {
    const start = performance.now();
    try {
      const prepared = sandbox.prepare(source);
      if ("error" in prepared) {
        const { message, line, column } = prepared.error;
        return errorOutcome("compile", `${message} (line ${line}, column ${column})`);
      }
      const result = checkOnly
        ? sandbox.check(prepared.factory, limits)
        : sandbox.call(prepared.factory, response, limits);
      if (result?.retire === true) drop(true);
      return result?.outcome ?? { verdict: "pass", durationMs: performance.now() - start };
    } catch (hostError) {
      drop(false);
      const text =
        hostError instanceof Error ? `${hostError.name}: ${hostError.message}` : String(hostError);
      const kind = /stack|recursion/i.test(text)
        ? "stack"
        : /memory/i.test(text)
          ? "memory"
          : "crash";
      return errorOutcome(
        kind,
        `the engine failed and was rebuilt (${text})`,
        performance.now() - start,
      );
    }
  }

  return {
    async compile(source, limits) {
      const resolved = resolveLimits(limits);
      const error = await parse(source);
      if (error !== undefined) return { ok: false, error };
      const outcome = run(await instance(), source, "", resolved, true);
      if (outcome.verdict !== "error") return { ok: true };
      const located = /\(line (\d+), column (\d+)\)$/.exec(outcome.message);
      return {
        ok: false,
        error: {
          message: outcome.message,
          line: Number(located?.[1] ?? 1),
          column: Number(located?.[2] ?? 1),
        },
      };
    },
    async evaluate(source, responses, limits, onProgress) {
      const resolved = resolveLimits(limits);
      const outcomes: Outcome[] = [];
      const error = await parse(source);
      if (error !== undefined) {
        const compileError = errorOutcome(
          "compile",
          `${error.message} (line ${error.line}, column ${error.column})`,
        );
        for (let index = 0; index < responses.length; index += 1) {
          onProgress?.(index, outcomes);
          outcomes.push({ ...compileError });
        }
        return outcomes;
      }
      for (let index = 0; index < responses.length; index += 1) {
        // Rebuild before the call starts (onProgress), so the rebuild is not counted as the call's time.
        const sandbox = current ?? (await instance());
        onProgress?.(index, outcomes);
        outcomes.push(run(sandbox, source, responses[index] ?? "", resolved, false));
      }
      return outcomes;
    },
    get rebuilds() {
      return rebuilds;
    },
    dispose() {
      current?.dispose();
      current = undefined;
    },
  };
}
