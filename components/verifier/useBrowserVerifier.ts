"use client";

import { useEffect, useMemo, useRef } from "react";
import quickjsPackage from "@jitl/quickjs-wasmfile-release-sync/package.json";
import pyodidePackage from "pyodide/package.json";
import {
  createBrowserVerifierClient,
  type BrowserVerifierClient,
} from "@/lib/verifier/browserClient";
import type { VerifierInput } from "@/lib/verifier/language";
import type { VerifierLimits } from "@/lib/verifier/limits";
import type { CompileResult, Outcome } from "@/lib/verifier/outcome";

/** Served by app/api/sandbox/quickjs.wasm; the version keys the immutable HTTP cache. */
export const QUICKJS_WASM_URL = `/api/sandbox/quickjs.wasm?v=${quickjsPackage.version}`;

/**
 * Served by app/api/sandbox/pyodide/[version]/[file]: Pyodide's runtime, wasm and standard
 * library. The version is a path segment, kept when Pyodide resolves its files against this base.
 */
export const PYODIDE_INDEX_URL = `/api/sandbox/pyodide/${pyodidePackage.version}/`;

/** The browser sandbox as a component sees it; every call goes to a Web Worker. */
export interface BrowserVerifier {
  /** A located compile error, or ok. A bare string is JavaScript; `{ language: "python", source }` runs in Pyodide. */
  compile(code: VerifierInput, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  /** One outcome per response, in order. */
  evaluate(
    code: VerifierInput,
    responses: readonly string[],
    limits?: Partial<VerifierLimits>,
  ): Promise<Outcome[]>;
  /**
   * Terminates the worker at once. Calls still waiting never settle, so callers that stop must
   * ignore them; the next call starts a fresh worker.
   */
  stop(): void;
}

/**
 * The verifier sandboxes (the pipeline's engines: QuickJS, and Pyodide for Python) for a client
 * component. Each language's worker starts on its first use, not on mount, and all are terminated
 * when the component unmounts.
 */
export function useBrowserVerifier(): BrowserVerifier {
  const clientRef = useRef<BrowserVerifierClient | null>(null);

  useEffect(
    () => () => {
      clientRef.current?.terminate();
      clientRef.current = null;
    },
    [],
  );

  return useMemo(() => {
    const client = () =>
      (clientRef.current ??= createBrowserVerifierClient({
        createWorker: () =>
          new Worker(new URL("../../lib/verifier/browserWorker.ts", import.meta.url), {
            type: "module",
          }),
        wasm: new URL(QUICKJS_WASM_URL, window.location.href),
        pyodideIndexURL: new URL(PYODIDE_INDEX_URL, window.location.href),
      }));
    return {
      compile: (source, limits) => client().compile(source, limits),
      evaluate: (source, responses, limits) => client().evaluate(source, responses, limits),
      stop: () => {
        clientRef.current?.terminate();
        clientRef.current = null;
      },
    };
  }, []);
}
