import type { Outcome } from "@/lib/verifier/outcome";
import type { RouterOutputs } from "../trpc/trpc";

export type AuditData = RouterOutputs["instruction"]["byId"];
export type AuditVerifier = AuditData["verifiers"][number];

/** A cell of the execution matrix: live from the browser run, or as stored by the pipeline. */
export interface Cell {
  verdict: "pass" | "fail" | "error";
  error: string | null;
  live: boolean;
}

export function liveCell(o: Outcome): Cell {
  return { verdict: o.verdict, error: o.verdict === "error" ? `${o.kind}: ${o.message}` : null, live: true };
}

/** Stored outcomes keyed `${verifierId}:${targetId}`. */
export function storedCells(rows: ReadonlyArray<{ verifierId: number; targetId: number; outcome: "pass" | "fail" | "error"; error: string | null }>): Map<string, Cell> {
  return new Map(rows.map((r) => [`${r.verifierId}:${r.targetId}`, { verdict: r.outcome, error: r.error, live: false }]));
}

/** The expectation of a case as a boolean, or null when the LLM wrote something else. */
export function expectedOf(c: { expected: boolean; expectedRaw: string | null }): boolean | null {
  if (c.expectedRaw === null) return c.expected;
  const word = String(JSON.parse(c.expectedRaw) as unknown).trim().toLowerCase();
  return word === "true" ? true : word === "false" ? false : null;
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`);
