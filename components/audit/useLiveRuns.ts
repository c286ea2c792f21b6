"use client";

import { useCallback, useRef, useState } from "react";
import { errorOutcome, type CompileError, type Outcome } from "@/lib/verifier/outcome";
import type { BrowserVerifier } from "../verifier/useBrowserVerifier";

/** Targets per message to the worker: outcomes show as they arrive without a re-render per call. */
const CHUNK = 100;
/** Time-outs after which a run of one verifier stops. */
const GIVE_UP_AFTER = 3;

function publish(run: LiveRun, chunk: readonly Item[], outcomes: readonly Outcome[], done: number, began: number): LiveRun {
  const next = { ...run, cases: new Map(run.cases), responses: new Map(run.responses), done, elapsedMs: performance.now() - began };
  outcomes.forEach((o, i) => next[chunk[i]!.kind].set(chunk[i]!.id, o));
  return next;
}

export interface LiveRun {
  /** The code that ran (the editor's, saved or not). */
  source: string;
  phase: "compiling" | "running" | "done" | "compile-error" | "stopped";
  compileError?: CompileError;
  cases: Map<number, Outcome>;
  responses: Map<number, Outcome>;
  done: number;
  total: number;
  /** Wall-clock ms from start to the last outcome. */
  elapsedMs: number;
}

export interface RunTarget {
  verifierId: number;
  source: string;
}

type Item = { kind: "cases" | "responses"; id: number; text: string };

/**
 * Runs verifiers in the browser sandbox (one Web Worker, one verifier after another) on the test
 * cases and the given responses, publishing outcomes per verifier as each chunk returns. A new
 * run of a verifier replaces its previous one; `stop` terminates the worker at once.
 */
export function useLiveRuns(verifier: BrowserVerifier) {
  const [runs, setRuns] = useState<ReadonlyMap<number, LiveRun>>(new Map());
  const generation = useRef(0);

  const update = useCallback((id: number, change: (run: LiveRun) => LiveRun) => {
    setRuns((prev) => {
      const run = prev.get(id);
      if (!run) return prev;
      const next = new Map(prev);
      next.set(id, change(run));
      return next;
    });
  }, []);

  const start = useCallback(
    async (targets: readonly RunTarget[], cases: ReadonlyArray<{ id: number; input: string }>, responses: ReadonlyArray<{ id: number; text: string }>) => {
      const mine = ++generation.current;
      const live = () => generation.current === mine;
      const items: Item[] = [...cases.map((c) => ({ kind: "cases" as const, id: c.id, text: c.input })), ...responses.map((r) => ({ kind: "responses" as const, id: r.id, text: r.text }))];
      const began = performance.now();
      setRuns((prev) => {
        const next = new Map(prev);
        for (const t of targets) next.set(t.verifierId, { source: t.source, phase: "compiling", cases: new Map(), responses: new Map(), done: 0, total: items.length, elapsedMs: 0 });
        return next;
      });
      for (const t of targets) {
        const compiled = await verifier.compile(t.source);
        if (!live()) return;
        if (!compiled.ok) {
          update(t.verifierId, (r) => ({ ...r, phase: "compile-error", compileError: compiled.error }));
          continue;
        }
        update(t.verifierId, (r) => ({ ...r, phase: "running" }));
        // Chunks start at one call and grow while nothing times out: a verifier that loops forever
        // costs a few deadlines, then the rest is marked as not run instead of waiting minutes.
        let size = 1, timeouts = 0;
        for (let from = 0; from < items.length; from += size) {
          if (timeouts >= GIVE_UP_AFTER) {
            const rest = items.slice(from);
            const skipped = errorOutcome("timeout", `not run: this verifier timed out on ${timeouts} inputs`);
            update(t.verifierId, (r) => publish(r, rest, rest.map(() => skipped), items.length, began));
            break;
          }
          size = timeouts > 0 ? 1 : Math.min(CHUNK, from === 0 ? 1 : size * 4);
          const chunk = items.slice(from, from + size);
          const outcomes = await verifier.evaluate(t.source, chunk.map((i) => i.text));
          if (!live()) return;
          timeouts += outcomes.filter((o) => o.verdict === "error" && o.kind === "timeout").length;
          update(t.verifierId, (r) => publish(r, chunk, outcomes, from + outcomes.length, began));
        }
        update(t.verifierId, (r) => ({ ...r, phase: "done", elapsedMs: performance.now() - began }));
      }
    },
    [verifier, update],
  );

  const stop = useCallback(() => {
    generation.current += 1;
    verifier.stop();
    setRuns((prev) => new Map([...prev].map(([id, r]) => [id, r.phase === "running" || r.phase === "compiling" ? { ...r, phase: "stopped" as const } : r])));
  }, [verifier]);

  const clear = useCallback((id: number) => setRuns((prev) => { const next = new Map(prev); next.delete(id); return next; }), []);

  return { runs, start, stop, clear };
}
