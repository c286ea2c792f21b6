import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import {
  DESCRIBE_SOURCE,
  readGuestError,
  toCompileError,
  VERIFIER_FILE,
  type GuestError,
} from "./guestErrors";
import { DEFAULT_LIMITS, type VerifierLimits } from "./limits";
import {
  errorOutcome,
  explainGuestMessage,
  kindOfGuestError,
  type CompileError,
  type Outcome,
} from "./outcome";
import type { QuickJSInstance } from "./quickjsModule";
import { HARDEN_REALM_SOURCE } from "./realm";

/** A parse error; QuickJS's bare "stack overflow" while parsing means nesting too deep. */
function parseError(error: GuestError, firstLineShift = 0): CompileError {
  const located = toCompileError(error, firstLineShift);
  if (error.message !== "stack overflow") return located;
  return { ...located, message: `${located.message} (the verifier is nested too deeply to parse)` };
}

// The verifier is compiled once into a maker of top-level functions; each call makes a new one
// and runs it (realm.ts, run), so `let count = 0`, a global regex's lastIndex, `arguments.callee`
// and its `.prototype` are new on every response. No newline in the prefix keeps line numbers
// exact; columns on line 1 shift by its length.
const FACTORY_PREFIX = "(function(){return function(){";
const FACTORY_SUFFIX = '\n;return typeof evaluate === "function" ? evaluate : undefined;}})';
const MAX_CACHED_VERIFIERS = 32;
const MISSING_EVALUATE = "the verifier does not define function evaluate(response)";
/**
 * Guest stack while parsing. QuickJS counts only the wasm shadow stack, which its parser barely
 * uses, while the host's stack (V8's, which runs the wasm) fills at ~600 nested "(": at 128 KiB
 * 200,000 of them overflowed the host first. 16 KiB stops the parser at ~250 levels of "(" or
 * "[" and ~170 of template literals, deterministically and well before any host we run on.
 */
export const COMPILE_STACK_BYTES = 16 * 1024;
// Building the realm runs the explorer; it must finish well inside this or the build fails.
const HARDEN_DEADLINE_MS = 30_000;

type Prepared = { factory: QuickJSHandle } | { error: CompileError };

/** Result of one call; `retire` asks the owner to throw this instance away before the next call. */
export interface CallResult {
  outcome: Outcome;
  retire: boolean;
}

/**
 * One QuickJS runtime and hardened context inside one wasm instance. Not reusable after a host
 * exception (the owner drops it without disposing) or after `retire` (the owner disposes it).
 */
export class SandboxInstance {
  private readonly runtime: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly run: QuickJSHandle;
  private readonly checkTop: QuickJSHandle;
  private readonly missing: QuickJSHandle;
  private seed: QuickJSHandle | undefined;
  private readonly describe: QuickJSHandle;
  private readonly prepared = new Map<string, Prepared>();
  private deadline = Number.POSITIVE_INFINITY;
  private memoryBytes = 0;
  private stackBytes = 0;

  constructor(
    private readonly instance: QuickJSInstance,
    private readonly retireAboveBytes: number,
    private readonly compileStackBytes = COMPILE_STACK_BYTES,
  ) {
    this.runtime = instance.quickjs.newRuntime();
    this.runtime.setInterruptHandler(() => performance.now() > this.deadline);
    this.ctx = this.runtime.newContext({
      intrinsics: {
        BaseObjects: true,
        Date: false,
        Eval: true,
        StringNormalize: true,
        RegExp: true,
        JSON: true,
        Proxy: true,
        MapSet: true,
        TypedArrays: true,
        Promise: true,
      },
    });
    this.applyLimits(DEFAULT_LIMITS);
    this.deadline = performance.now() + HARDEN_DEADLINE_MS;
    const realm = this.ctx.unwrapResult(
      this.ctx.evalCode(HARDEN_REALM_SOURCE, "realm.js", { type: "global" }),
    );
    // The explorer's probes leave promise jobs (async functions, thenables): run them now, inside
    // the frozen realm, so no call starts with a job pending.
    this.runtime.executePendingJobs();
    this.deadline = Number.POSITIVE_INFINITY;
    this.run = this.ctx.getProp(realm, 0);
    this.checkTop = this.ctx.getProp(realm, 1);
    this.missing = this.ctx.getProp(realm, 2);
    realm.dispose();
    if (this.runtime.hasPendingJob())
      throw new Error("the verifier realm left promise jobs pending");
    this.describe = this.ctx.unwrapResult(
      this.ctx.evalCode(DESCRIBE_SOURCE, "describe.js", { type: "global" }),
    );
  }

  /**
   * Parses `source` once per instance; returns the per-call maker or a located compile error.
   * A host exception (the host's own stack overflowing while QuickJS parses) propagates: the
   * instance is then unusable and the owner must drop it.
   */
  prepare(source: string): Prepared {
    const cached = this.prepared.get(source);
    if (cached !== undefined) return cached;
    const prepared = this.compile(source);
    if (this.prepared.size >= MAX_CACHED_VERIFIERS) this.evictOldest();
    this.prepared.set(source, prepared);
    return prepared;
  }

  /** Runs the verifier's top level and `evaluate(response)` under `limits`. */
  call(factory: QuickJSHandle, response: string, limits: VerifierLimits): CallResult {
    const { ctx } = this;
    this.applyLimits(limits);
    const seed = this.seedHandle(limits.seed);
    const arg = ctx.newString(response);
    const start = performance.now();
    this.deadline = start + limits.deadlineMs;
    try {
      const result = ctx.callFunction(this.run, ctx.undefined, factory, seed, arg);
      if (result.error) return this.fromThrown(result.error, start);
      if (ctx.sameValue(result.value, this.missing)) {
        result.value.dispose();
        return {
          outcome: errorOutcome("compile", MISSING_EVALUATE, performance.now() - start),
          retire: false,
        };
      }
      return this.judge(result.value, start);
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
      arg.dispose();
    }
  }

  /** Runs only the verifier's top level under `limits`; null if it defines `evaluate`, else why not. */
  check(factory: QuickJSHandle, limits: VerifierLimits): CallResult | null {
    const { ctx } = this;
    this.applyLimits(limits);
    const seed = this.seedHandle(limits.seed);
    const start = performance.now();
    this.deadline = start + limits.deadlineMs;
    try {
      const made = ctx.callFunction(this.checkTop, ctx.undefined, factory, seed);
      if (made.error) return this.fromThrown(made.error, start);
      const isFunction = ctx.sameValue(made.value, ctx.true);
      made.value.dispose();
      if (!isFunction) return { outcome: errorOutcome("compile", MISSING_EVALUATE), retire: false };
      return this.mustRetire()
        ? { outcome: { verdict: "pass", durationMs: performance.now() - start }, retire: true }
        : null;
    } finally {
      this.deadline = Number.POSITIVE_INFINITY;
    }
  }

  /** Frees every handle before the context and the runtime, in that order. */
  dispose(): void {
    for (const prepared of this.prepared.values())
      if ("factory" in prepared) prepared.factory.dispose();
    this.prepared.clear();
    this.seed?.dispose();
    this.run.dispose();
    this.checkTop.dispose();
    this.missing.dispose();
    this.describe.dispose();
    this.ctx.dispose();
    this.runtime.dispose();
  }

  /** Parses with the guest stack at `stackBytes` (see COMPILE_STACK_BYTES); host exceptions propagate. */
  compile(source: string, stackBytes = this.compileStackBytes): Prepared {
    const { ctx } = this;
    const callStack = this.stackBytes;
    this.runtime.setMaxStackSize((this.stackBytes = stackBytes));
    try {
      // Parse the source on its own first: a valid script cannot close the wrapper early.
      const alone = ctx.evalCode(source, VERIFIER_FILE, { type: "global", compileOnly: true });
      if (alone.error)
        return { error: parseError(readGuestError(ctx, this.describe, alone.error)) };
      alone.value.dispose();
      const wrapped = ctx.evalCode(FACTORY_PREFIX + source + FACTORY_SUFFIX, VERIFIER_FILE, {
        type: "global",
      });
      if (wrapped.error)
        return {
          error: parseError(
            readGuestError(ctx, this.describe, wrapped.error),
            FACTORY_PREFIX.length,
          ),
        };
      return { factory: wrapped.value };
    } finally {
      this.runtime.setMaxStackSize((this.stackBytes = callStack));
    }
  }

  private evictOldest(): void {
    const oldest = this.prepared.keys().next();
    if (oldest.done === true) return;
    const prepared = this.prepared.get(oldest.value);
    if (prepared !== undefined && "factory" in prepared) prepared.factory.dispose();
    this.prepared.delete(oldest.value);
  }

  private seedHandle(seed: number): QuickJSHandle {
    if (this.seed === undefined || this.ctx.getNumber(this.seed) !== seed) {
      this.seed?.dispose();
      this.seed = this.ctx.newNumber(seed);
    }
    return this.seed;
  }

  private applyLimits(limits: VerifierLimits): void {
    if (limits.memoryBytes !== this.memoryBytes)
      this.runtime.setMemoryLimit((this.memoryBytes = limits.memoryBytes));
    if (limits.stackBytes !== this.stackBytes)
      this.runtime.setMaxStackSize((this.stackBytes = limits.stackBytes));
  }

  private fromThrown(thrown: QuickJSHandle, start: number): CallResult {
    const error: GuestError = readGuestError(this.ctx, this.describe, thrown);
    const kind = kindOfGuestError(error.name, error.message);
    const where = toCompileError(error, FACTORY_PREFIX.length);
    const at = where.line > 0 ? ` (line ${where.line}, column ${where.column})` : "";
    const message =
      kind === "timeout"
        ? "timed out: the verifier ran past its deadline"
        : explainGuestMessage(where.message) + at;
    const retire = kind === "timeout" || kind === "memory" || kind === "stack" || this.mustRetire();
    return { outcome: errorOutcome(kind, message, performance.now() - start), retire };
  }

  private judge(value: QuickJSHandle, start: number): CallResult {
    const { ctx } = this;
    const durationMs = performance.now() - start;
    let outcome: Outcome;
    if (ctx.sameValue(value, ctx.true)) outcome = { verdict: "pass", durationMs };
    else if (ctx.sameValue(value, ctx.false)) outcome = { verdict: "fail", durationMs };
    else
      outcome = errorOutcome(
        "result",
        `evaluate returned ${this.kindOf(value)}; it must return true or false`,
        durationMs,
      );
    value.dispose();
    return { outcome, retire: this.mustRetire() };
  }

  /** Names a non-boolean result without running guest code (no getters, no Proxy traps). */
  private kindOf(value: QuickJSHandle): string {
    const type = this.ctx.typeof(value);
    if (type !== "object") return type === "undefined" ? "undefined" : `a ${type}`;
    if (this.ctx.sameValue(value, this.ctx.null)) return "null";
    const state = this.ctx.getPromiseState(value);
    if (state.type === "fulfilled" && state.notAPromise === true) return "an object";
    if (state.type === "fulfilled") state.value.dispose();
    if (state.type === "rejected") state.error.dispose();
    return "a Promise (async evaluate is not supported)";
  }

  // Queued promise jobs would pin memory, and a grown wasm memory never shrinks: start afresh.
  private mustRetire(): boolean {
    return (
      this.runtime.hasPendingJob() || this.instance.memory.buffer.byteLength > this.retireAboveBytes
    );
  }
}
