import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import type { CompileError } from "./outcome";

/** File name the guest sees for verifier code; locations in stacks are parsed back from it. */
export const VERIFIER_FILE = "verifier.js";

/**
 * Guest function that turns any thrown value into a JSON string. It runs inside the guest so that
 * getters, Proxies and throwing `toString`s stay the guest's problem and remain under the deadline.
 */
export const DESCRIBE_SOURCE = `(function () {
  "use strict";
  const cut = (s) => (s.length > 2000 ? s.slice(0, 2000) + "..." : s);
  const str = (v) => { try { return typeof v === "string" ? v : String(v); } catch { return "?"; } };
  return function describe(e) {
    try {
      if ((typeof e === "object" && e !== null) || typeof e === "function") {
        const name = e.name, message = e.message, stack = e.stack, line = e.lineNumber;
        return JSON.stringify({
          name: typeof name === "string" ? cut(name) : "",
          message: message === undefined ? cut(str(e)) : cut(str(message)),
          stack: typeof stack === "string" ? cut(stack) : "",
          line: typeof line === "number" ? line : 0,
        });
      }
      return JSON.stringify({ name: "", message: "threw " + cut(str(e)), stack: "", line: 0 });
    } catch {
      return JSON.stringify({ name: "", message: "threw a value that cannot be described", stack: "", line: 0 });
    }
  };
})()`;

/** A guest error as plain host data. */
export interface GuestError {
  name: string;
  message: string;
  stack: string;
  line: number;
}

/** Reads a thrown guest value through the guest's `describe`; disposes `thrown`. */
export function readGuestError(
  ctx: QuickJSContext,
  describe: QuickJSHandle,
  thrown: QuickJSHandle,
): GuestError {
  try {
    const result = ctx.callFunction(describe, ctx.undefined, thrown);
    if (result.error) {
      // describe itself was interrupted or ran out of memory: report what stopped it.
      const inner =
        ctx.typeof(result.error) === "object" ? ctx.getProp(result.error, "message") : undefined;
      const message =
        inner !== undefined && ctx.typeof(inner) === "string" ? ctx.getString(inner) : "";
      inner?.dispose();
      result.error.dispose();
      return { name: "InternalError", message: message || "out of memory", stack: "", line: 0 };
    }
    const json = ctx.getString(result.value);
    result.value.dispose();
    return JSON.parse(json) as GuestError;
  } finally {
    thrown.dispose();
  }
}

/** Finds the first `verifier.js:line:column` in a QuickJS stack; 1-based, or zeros if absent. */
export function locate(error: GuestError, firstLineShift = 0): { line: number; column: number } {
  const match = new RegExp(`${VERIFIER_FILE.replace(".", "\\.")}:(\\d+):(\\d+)`).exec(error.stack);
  const line = match?.[1] !== undefined ? Number(match[1]) : error.line;
  let column = match?.[2] !== undefined ? Number(match[2]) : 0;
  // The per-call factory wrapper is prepended on line 1 only, shifting its columns.
  if (line === 1 && column > firstLineShift) column -= firstLineShift;
  return { line, column };
}

/** Formats a guest error as a compile error for an editor marker. */
export function toCompileError(error: GuestError, firstLineShift = 0): CompileError {
  const { line, column } = locate(error, firstLineShift);
  const message = error.name ? `${error.name}: ${error.message}` : error.message;
  return { message, line, column };
}
