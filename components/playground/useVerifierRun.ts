"use client";

import { useCallback, useRef, useState } from "react";
import type { VerifierCode } from "@/lib/verifier/language";
import type { VerifierLimits } from "@/lib/verifier/limits";
import type { CompileError, Outcome } from "@/lib/verifier/outcome";
import type { BrowserVerifier } from "../verifier/useBrowserVerifier";

/** Responses per evaluate call: small enough that the table fills as it goes. */
const CHUNK = 5;

export interface RunRow {
  response: string;
  outcome?: Outcome;
}

export interface VerifierRun {
  phase: "idle" | "compiling" | "running" | "done" | "stopped" | "compile-error";
  /** The responses of this run (a snapshot: editing the field does not change it). */
  rows: RunRow[];
  /** Rows with an outcome. */
  done: number;
  compileError?: CompileError;
  /** The code (and language) that ran; a compile error points into it. */
  code?: VerifierCode;
  limits?: Partial<VerifierLimits>;
}

const IDLE: VerifierRun = { phase: "idle", rows: [], done: 0 };

/**
 * Compiles a verifier, then evaluates it on the responses in small chunks so progress shows.
 * `stop` terminates the worker; outcomes of the stopped run that arrive late are ignored.
 */
export function useVerifierRun(verifier: BrowserVerifier) {
  const [run, setRun] = useState<VerifierRun>(IDLE);
  const current = useRef(0);

  const start = useCallback(
    async (code: VerifierCode, responses: readonly string[], limits: Partial<VerifierLimits>) => {
      const mine = ++current.current;
      const live = () => current.current === mine;
      const rows = responses.map((response) => ({ response }));
      setRun({ phase: "compiling", rows, done: 0, code, limits });
      const compiled = await verifier.compile(code, limits);
      if (!live()) return;
      if (!compiled.ok) {
        setRun({
          phase: "compile-error",
          rows: [],
          done: 0,
          compileError: compiled.error,
          code,
          limits,
        });
        return;
      }
      setRun((r) => ({ ...r, phase: "running" }));
      for (let from = 0; from < responses.length; from += CHUNK) {
        const outcomes = await verifier.evaluate(code, responses.slice(from, from + CHUNK), limits);
        if (!live()) return;
        setRun((r) => ({
          ...r,
          done: from + outcomes.length,
          rows: r.rows.map((row, i) =>
            i >= from && i < from + outcomes.length ? { ...row, outcome: outcomes[i - from] } : row,
          ),
        }));
      }
      setRun((r) => ({ ...r, phase: "done" }));
    },
    [verifier],
  );

  const stop = useCallback(() => {
    current.current += 1;
    verifier.stop();
    setRun((r) => ({ ...r, phase: "stopped" }));
  }, [verifier]);

  return { run, start, stop };
}
