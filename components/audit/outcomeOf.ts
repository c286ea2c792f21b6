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
  return {
    verdict: o.verdict,
    error: o.verdict === "error" ? `${o.kind}: ${o.message}` : null,
    live: true,
  };
}

/** Stored outcomes keyed `${verifierId}:${targetId}`. */
export function storedCells(
  rows: ReadonlyArray<{
    verifierId: number;
    targetId: number;
    outcome: "pass" | "fail" | "error";
    error: string | null;
  }>,
): Map<string, Cell> {
  return new Map(
    rows.map((r) => [
      `${r.verifierId}:${r.targetId}`,
      { verdict: r.outcome, error: r.error, live: false },
    ]),
  );
}

export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`;

const DUPLICATE = /^duplicate of verifier #(\d+)$/;

/**
 * Verifiers whose code cross-validation found identical to another one's ("duplicate of verifier
 * #N", N its per-project number) are shown collapsed under that one, the verifier that was kept for
 * the group; the map is keyed by that verifier's id. A duplicate of a verifier not on the page (its
 * target has a newer version) stays on its own.
 */
export function groupIdentical<
  V extends { id: number; number: number | null; dropReason: string | null },
>(verifiers: readonly V[]): { shown: V[]; identical: ReadonlyMap<number, V[]> } {
  const idOf = new Map(
    verifiers.flatMap((v) => (v.number === null ? [] : [[v.number, v.id] as const])),
  );
  const identical = new Map<number, V[]>();
  const shown: V[] = [];
  for (const v of verifiers) {
    const target = idOf.get(Number(DUPLICATE.exec(v.dropReason ?? "")?.[1]));
    if (target !== undefined && target !== v.id)
      identical.set(target, [...(identical.get(target) ?? []), v]);
    else shown.push(v);
  }
  return { shown, identical };
}
