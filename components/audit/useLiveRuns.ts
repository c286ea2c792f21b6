"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { VerifierCode } from "@/lib/verifier/language";
import type { VerifierLimits } from "@/lib/verifier/limits";
import { errorOutcome, type CompileError, type Outcome } from "@/lib/verifier/outcome";
import type { BrowserVerifier } from "../verifier/useBrowserVerifier";

/** Most targets per message to the worker. */
const CHUNK = 300;
/** Longest wait before outcomes that arrived are shown. */
const FLUSH_MS = 80;
/** Time-outs after which a run of one verifier stops. */
const GIVE_UP_AFTER = 3;

function publish(
  run: LiveRun,
  chunk: readonly Item[],
  outcomes: readonly Outcome[],
  done: number,
  began: number,
): LiveRun {
  // The maps are the run's own, filled in place; the new LiveRun object marks the change.
  outcomes.forEach((o, i) => run[chunk[i]!.kind].set(chunk[i]!.id, o));
  return { ...run, done, elapsedMs: performance.now() - began };
}

export interface LiveRun {
  /** The code that ran (the editor's, saved or not) with its language. */
  code: VerifierCode;
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
  code: VerifierCode;
}

type Item = { kind: "cases" | "responses"; id: number; text: string };

/**
 * Runs verifiers in the browser sandbox (one Web Worker, one verifier after another) on the test
 * cases and the given responses, publishing outcomes per verifier as each chunk returns. A new
 * run of a verifier replaces its previous one; `stop` terminates the worker at once.
 */
export function useLiveRuns(verifier: BrowserVerifier) {
  const [runs, setRuns] = useState<ReadonlyMap<number, LiveRun>>(new Map());
  // Outcomes land in this store as chunks return; the page re-renders at most every FLUSH_MS, so
  // a fast run is not slowed down by re-rendering a 500-row matrix after every chunk.
  const store = useRef(new Map<number, LiveRun>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const generation = useRef(0);

  const flush = useCallback(() => {
    timer.current = null;
    setRuns(new Map(store.current));
  }, []);
  const schedule = useCallback(() => {
    timer.current ??= setTimeout(flush, FLUSH_MS);
  }, [flush]);
  const update = useCallback(
    (id: number, change: (run: LiveRun) => LiveRun) => {
      const run = store.current.get(id);
      if (!run) return;
      store.current.set(id, change(run));
      schedule();
    },
    [schedule],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const start = useCallback(
    async (
      targets: readonly RunTarget[],
      cases: ReadonlyArray<{ id: number; input: string }>,
      responses: ReadonlyArray<{ id: number; text: string }>,
      limits?: Partial<VerifierLimits>,
    ) => {
      const mine = ++generation.current;
      const live = () => generation.current === mine;
      const items: Item[] = [
        ...cases.map((c) => ({ kind: "cases" as const, id: c.id, text: c.input })),
        ...responses.map((r) => ({ kind: "responses" as const, id: r.id, text: r.text })),
      ];
      const began = performance.now();
      for (const t of targets)
        store.current.set(t.verifierId, {
          code: t.code,
          phase: "compiling",
          cases: new Map(),
          responses: new Map(),
          done: 0,
          total: items.length,
          elapsedMs: 0,
        });
      flush();
      for (const t of targets) {
        const compiled = await verifier.compile(t.code, limits);
        if (!live()) return;
        if (!compiled.ok) {
          update(t.verifierId, (r) => ({
            ...r,
            phase: "compile-error",
            compileError: compiled.error,
          }));
          continue;
        }
        update(t.verifierId, (r) => ({ ...r, phase: "running" }));
        // The first call runs alone and chunks grow while nothing times out: a verifier that loops
        // forever costs a few deadlines, then the rest is marked as not run instead of waiting minutes.
        let size = 1,
          timeouts = 0;
        for (let from = 0; from < items.length; from += size) {
          if (timeouts >= GIVE_UP_AFTER) {
            const rest = items.slice(from);
            const skipped = errorOutcome(
              "timeout",
              `not run: this verifier timed out on ${timeouts} inputs`,
            );
            update(t.verifierId, (r) =>
              publish(
                r,
                rest,
                rest.map(() => skipped),
                items.length,
                began,
              ),
            );
            break;
          }
          size = timeouts > 0 || from === 0 ? 1 : Math.min(CHUNK, size * 25);
          const chunk = items.slice(from, from + size);
          const outcomes = await verifier.evaluate(
            t.code,
            chunk.map((i) => i.text),
            limits,
          );
          if (!live()) return;
          timeouts += outcomes.filter((o) => o.verdict === "error" && o.kind === "timeout").length;
          update(t.verifierId, (r) => publish(r, chunk, outcomes, from + outcomes.length, began));
        }
        update(t.verifierId, (r) => ({
          ...r,
          phase: "done",
          elapsedMs: performance.now() - began,
        }));
      }
      if (timer.current) clearTimeout(timer.current);
      flush();
    },
    [verifier, update, flush],
  );

  const stop = useCallback(() => {
    generation.current += 1;
    verifier.stop();
    for (const [id, r] of store.current)
      if (r.phase === "running" || r.phase === "compiling")
        store.current.set(id, { ...r, phase: "stopped" });
    flush();
  }, [verifier, flush]);

  return { runs, start, stop };
}
