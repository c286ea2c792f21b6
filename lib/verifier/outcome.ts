/** Why a call ended as an error; the UI and the pipeline group errors by it. */
export type VerifierErrorKind =
  | "compile" // the source does not parse or does not define evaluate(response)
  | "thrown" // the verifier threw
  | "result" // evaluate returned something other than true or false
  | "timeout" // the interrupt handler or the watchdog stopped it at the deadline
  | "memory" // out of memory (QuickJS limit or the wasm memory cap)
  | "stack" // stack overflow
  | "crash"; // the engine or its worker failed; the call was not judged

/** The verdict of one verifier on one response; `durationMs` is wall-clock time of the call. */
export type Outcome =
  | { verdict: "pass"; durationMs: number }
  | { verdict: "fail"; durationMs: number }
  | { verdict: "error"; durationMs: number; kind: VerifierErrorKind; message: string };

/** A compile error at a 1-based line and column of the verifier source. */
export interface CompileError {
  message: string;
  line: number;
  column: number;
}

export type CompileResult = { ok: true } | { ok: false; error: CompileError };

/** Builds an error outcome; a helper so every producer spells the shape the same way. */
export function errorOutcome(kind: VerifierErrorKind, message: string, durationMs = 0): Outcome {
  return { verdict: "error", kind, message, durationMs };
}

// Names a verifier might reasonably reach for that the sandbox leaves out on purpose.
const WITHHELD: Record<string, string> = {
  Date: "Date is disabled so a verdict never depends on when it ran",
  require: "verifiers cannot load modules",
  process: "verifiers cannot see the host process",
  fetch: "verifiers have no network",
  XMLHttpRequest: "verifiers have no network",
  console: "verifiers have no console; return true or false",
  setTimeout: "verifiers have no timers",
  setInterval: "verifiers have no timers",
  queueMicrotask: "verifiers have no timers",
  performance: "verifiers have no clock",
  WebAssembly: "verifiers cannot load WebAssembly",
  Buffer: "verifiers get plain strings; use String methods",
};

/** Appends the reason to QuickJS's "'Date' is not defined" so the author knows it is deliberate. */
export function explainGuestMessage(message: string): string {
  const match = /'([A-Za-z_$][\w$]*)' is not defined/.exec(message);
  const reason = match?.[1] !== undefined ? WITHHELD[match[1]] : undefined;
  return reason === undefined ? message : `${message} (${reason})`;
}

/** Classifies a QuickJS error message into a {@link VerifierErrorKind}. */
export function kindOfGuestError(name: string, message: string): VerifierErrorKind {
  if (message === "interrupted") return "timeout";
  if (message.includes("out of memory")) return "memory";
  if (message.includes("stack overflow") || message.includes("Maximum call stack")) return "stack";
  return name === "SyntaxError" && message === "" ? "compile" : "thrown";
}
