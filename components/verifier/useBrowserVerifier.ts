"use client";

import { useEffect, useMemo, useRef } from "react";
import quickjsPackage from "@jitl/quickjs-wasmfile-release-sync/package.json";
import { createBrowserVerifierClient, type BrowserVerifierClient } from "@/lib/verifier/browserClient";
import type { VerifierLimits } from "@/lib/verifier/limits";
import type { CompileResult, Outcome } from "@/lib/verifier/outcome";

/** Served by app/api/sandbox/quickjs.wasm; the version keys the immutable HTTP cache. */
export const QUICKJS_WASM_URL = `/api/sandbox/quickjs.wasm?v=${quickjsPackage.version}`;

/** The browser sandbox as a component sees it; every call goes to a Web Worker. */
export interface BrowserVerifier {
  /** A located compile error, or ok. */
  compile(source: string, limits?: Partial<VerifierLimits>): Promise<CompileResult>;
  /** One outcome per response, in order. */
  evaluate(source: string, responses: readonly string[], limits?: Partial<VerifierLimits>): Promise<Outcome[]>;
  /**
   * Terminates the worker at once. Calls still waiting never settle, so callers that stop must
   * ignore them; the next call starts a fresh worker.
   */
  stop(): void;
}

/**
 * The QuickJS verifier sandbox (the pipeline's engine) for a client component. The worker and the
 * wasm are started on first use, not on mount, and terminated when the component unmounts.
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
          new Worker(new URL("../../lib/verifier/browserWorker.ts", import.meta.url), { type: "module" }),
        wasm: new URL(QUICKJS_WASM_URL, window.location.href),
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
