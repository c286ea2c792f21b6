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

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`);
