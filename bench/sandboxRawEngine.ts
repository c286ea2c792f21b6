// The bench's baseline rows: QuickJS called directly, with none of the sandbox's machinery.
import releaseSyncVariant from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
} from "quickjs-emscripten-core";

function verdictOf(
  ctx: QuickJSContext,
  result: ReturnType<QuickJSContext["callFunction"]>,
): string {
  if (result.error) {
    result.error.dispose();
    return "error";
  }
  const verdict = ctx.sameValue(result.value, ctx.true)
    ? "pass"
    : ctx.sameValue(result.value, ctx.false)
      ? "fail"
      : "error";
  result.value.dispose();
  return verdict;
}

function verdictsIn(ctx: QuickJSContext, source: string, responses: readonly string[]): string[] {
  ctx.unwrapResult(ctx.evalCode(source, "verifier.js", { type: "global" })).dispose();
  const evaluate = ctx.getProp(ctx.global, "evaluate");
  const verdicts = responses.map((response) => {
    const arg = ctx.newString(response);
    const verdict = verdictOf(ctx, ctx.callFunction(evaluate, ctx.undefined, arg));
    arg.dispose();
    return verdict;
  });
  evaluate.dispose();
  return verdicts;
}

/** One context per verifier, reused for every response; no limits. The engine's ceiling. */
export async function rawEngineVerdicts(
  wasmModule: WebAssembly.Module,
  sources: readonly string[],
  responses: readonly string[],
): Promise<string[][]> {
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(releaseSyncVariant, { wasmModule }),
  );
  return sources.map((source) => {
    const ctx = quickjs.newContext();
    const verdicts = verdictsIn(ctx, source, responses);
    ctx.dispose();
    return verdicts;
  });
}

/** A new context (and a re-parse) for every call: full isolation, the policy we measured and rejected. */
export async function freshContextVerdicts(
  wasmModule: WebAssembly.Module,
  sources: readonly string[],
  responses: readonly string[],
): Promise<void> {
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(releaseSyncVariant, { wasmModule }),
  );
  const runtime = quickjs.newRuntime();
  for (const source of sources) {
    for (const response of responses) {
      const ctx = runtime.newContext();
      verdictsIn(ctx, source, [response]);
      ctx.dispose();
    }
  }
  runtime.dispose();
}

/**
 * The per-call wrapper alone, old and new, on the raw engine: "shared" runs one compiled
 * `(function(){<source>;return evaluate})` per response (the top level afresh, but the wrapper
 * function itself shared: the state leak), "fresh" runs `maker()()` of
 * `(function(){return function(){<source>;return evaluate}})`, a new wrapper per response (now).
 */
export async function wrapperVerdicts(
  wasmModule: WebAssembly.Module,
  sources: readonly string[],
  responses: readonly string[],
  style: "shared" | "fresh",
): Promise<string[][]> {
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(releaseSyncVariant, { wasmModule }),
  );
  const runner =
    style === "shared"
      ? "(function (f, r) { return f()(r); })"
      : "(function (m, r) { return m()()(r); })";
  return sources.map((source) => {
    const ctx = quickjs.newContext();
    const wrapped =
      style === "shared"
        ? `(function(){${source}\n;return evaluate;})`
        : `(function(){return function(){${source}\n;return evaluate;}})`;
    const factory = ctx.unwrapResult(ctx.evalCode(wrapped, "verifier.js", { type: "global" }));
    const run = ctx.unwrapResult(ctx.evalCode(runner, "run.js", { type: "global" }));
    const verdicts = responses.map((response) => {
      const arg = ctx.newString(response);
      const verdict = verdictOf(ctx, ctx.callFunction(run, ctx.undefined, factory, arg));
      arg.dispose();
      return verdict;
    });
    run.dispose();
    factory.dispose();
    ctx.dispose();
    return verdicts;
  });
}
