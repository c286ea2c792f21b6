import type { VerifierEngine } from "../engine";
import { resolveLimits, type VerifierLimits } from "../limits";
import { errorOutcome, type CompileError, type Outcome, type VerifierErrorKind } from "../outcome";
import {
  loadPyodideRuntime,
  type PyodideRuntime,
  type PyodideRuntimeOptions,
} from "./pyodideRuntime";

export interface PythonEngineOptions extends PyodideRuntimeOptions {
  /** Told when the engine starts and finishes loading a new interpreter (seconds; not a call). */
  onRebuild?: (phase: "start" | "end") => void;
}

const KINDS: readonly VerifierErrorKind[] = [
  "compile",
  "thrown",
  "result",
  "timeout",
  "memory",
  "stack",
  "crash",
];

/** Parses the harness's `line\tcolumn\tmessage`. */
function compileErrorOf(text: string): CompileError {
  const [line, column, ...rest] = text.split("\t");
  return { line: Number(line) || 1, column: Number(column) || 1, message: rest.join("\t") };
}

function compileOutcome(error: CompileError): Outcome {
  return errorOutcome("compile", `${error.message} (line ${error.line}, column ${error.column})`);
}

/** Turns the harness's reply into an outcome; the duration is measured by the host around the call. */
function outcomeOf(reply: string, durationMs: number): Outcome {
  if (reply === "P") return { verdict: "pass", durationMs };
  if (reply === "F") return { verdict: "fail", durationMs };
  const tab = reply.indexOf("\t");
  const kind = reply.slice(1, tab) as VerifierErrorKind;
  const message = reply.slice(tab + 1);
  if (!KINDS.includes(kind))
    return errorOutcome(
      "crash",
      `unexpected reply from the Python harness: ${reply.slice(0, 80)}`,
      durationMs,
    );
  if (kind === "compile") return { ...compileOutcome(compileErrorOf(message)), durationMs };
  return errorOutcome(kind, message, durationMs);
}

/**
 * Runs Python verifiers in Pyodide behind the same contract as the QuickJS engine: compile once,
 * a batch of calls, one outcome per response. Each call gets fresh globals, builtins and module
 * objects (harness.ts). An interpreter that hit a time-out, the memory cap, grew past half of it,
 * or saw shared state change, is dropped and a new one loaded before the next call.
 */
export async function createPythonEngine(options: PythonEngineOptions): Promise<VerifierEngine> {
  let current: PyodideRuntime | undefined = await loadPyodideRuntime(options);
  let rebuilds = 0;

  async function runtime(): Promise<PyodideRuntime> {
    if (current !== undefined) return current;
    options.onRebuild?.("start");
    try {
      current = await loadPyodideRuntime(options);
    } finally {
      options.onRebuild?.("end");
    }
    return current;
  }

  function retire(): void {
    current = undefined;
    rebuilds += 1;
  }

  function run(
    py: PyodideRuntime,
    source: string,
    response: string,
    limits: VerifierLimits,
    checkOnly: boolean,
  ): Outcome {
    if (options.interrupt) Atomics.store(options.interrupt, 0, 0);
    const start = performance.now();
    try {
      let reply = py.call(source, response, limits.seed, checkOnly);
      const durationMs = performance.now() - start;
      // A verifier that caught the interrupt, or ran long inside C code, is still out of time.
      if (durationMs > limits.deadlineMs && !reply.startsWith("Ecompile")) {
        if (reply.endsWith("!")) retire();
        return errorOutcome(
          "timeout",
          `timed out after ${Math.round(durationMs)} ms (deadline ${limits.deadlineMs} ms)`,
          durationMs,
        );
      }
      if (reply.endsWith("!")) {
        reply = reply.slice(0, -1);
        retire();
      } else if (py.memoryBytes() > py.maxBytes / 2) {
        retire();
      }
      return outcomeOf(reply, durationMs);
    } catch (hostError) {
      // A trap inside the wasm (the host's stack, memory access): the interpreter is suspect.
      retire();
      const text =
        hostError instanceof Error ? `${hostError.name}: ${hostError.message}` : String(hostError);
      const kind = /stack|recursion/i.test(text)
        ? "stack"
        : /memory/i.test(text)
          ? "memory"
          : "crash";
      return errorOutcome(
        kind,
        `the Python engine failed and was rebuilt (${text.slice(0, 300)})`,
        performance.now() - start,
      );
    }
  }

  /**
   * The host raises the interrupt when it sees a call past its deadline; it may land just after
   * that call ended, in the next one. A time-out before the deadline is such a stray: run the
   * call again, once (calls are isolated, so running one twice is safe).
   */
  async function runChecked(
    source: string,
    response: string,
    limits: VerifierLimits,
    checkOnly: boolean,
  ): Promise<Outcome> {
    const early = (outcome: Outcome) =>
      outcome.verdict === "error" &&
      outcome.kind === "timeout" &&
      outcome.durationMs < limits.deadlineMs;
    const outcome = run(current ?? (await runtime()), source, response, limits, checkOnly);
    if (!early(outcome)) return outcome;
    const again = run(current ?? (await runtime()), source, response, limits, checkOnly);
    // Early twice: the verifier raised KeyboardInterrupt itself.
    return early(again)
      ? errorOutcome("thrown", "KeyboardInterrupt (raised by the verifier)", again.durationMs)
      : again;
  }

  async function parse(source: string): Promise<CompileError | undefined> {
    const py = await runtime();
    try {
      const reply = py.prepare(source);
      return reply === "" ? undefined : compileErrorOf(reply);
    } catch (hostError) {
      retire();
      const text =
        hostError instanceof Error ? `${hostError.name}: ${hostError.message}` : String(hostError);
      return {
        line: 1,
        column: 1,
        message: `SyntaxError: the verifier could not be parsed (${text.slice(0, 200)})`,
      };
    }
  }

  return {
    async compile(source, limits) {
      const resolved = resolveLimits(limits);
      const error = await parse(source);
      if (error !== undefined) return { ok: false, error };
      const outcome = await runChecked(source, "", resolved, true);
      if (outcome.verdict !== "error") return { ok: true };
      const located = /\(line (\d+), column (\d+)\)$/.exec(outcome.message);
      const message =
        outcome.kind === "compile" && located
          ? outcome.message.slice(0, located.index - 1)
          : outcome.message;
      return {
        ok: false,
        error: { message, line: Number(located?.[1] ?? 1), column: Number(located?.[2] ?? 1) },
      };
    },
    async evaluate(source, responses, limits, onProgress) {
      const resolved = resolveLimits(limits);
      const outcomes: Outcome[] = [];
      const error = await parse(source);
      if (error !== undefined) {
        const compileError = compileOutcome(error);
        for (let index = 0; index < responses.length; index += 1) {
          onProgress?.(index, outcomes);
          outcomes.push({ ...compileError });
        }
        return outcomes;
      }
      for (let index = 0; index < responses.length; index += 1) {
        // Load a new interpreter before the call starts (onProgress), so loading is not the call's time.
        if (current === undefined) await runtime();
        onProgress?.(index, outcomes);
        outcomes.push(await runChecked(source, responses[index] ?? "", resolved, false));
      }
      return outcomes;
    },
    get rebuilds() {
      return rebuilds;
    },
    dispose() {
      current = undefined;
    },
  };
}
