import "server-only";
import type { Db } from "@/db/client";
import { verifierResults } from "@/db/schema";
import type { Outcome } from "@/lib/verifier/outcome";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Writes a verifiers x targets block of the execution matrix (replacing earlier outcomes of the
 * same cells), inside the caller's transaction.
 */
export function storeMatrix(
  tx: Tx,
  targetKind: "case" | "response",
  verifierIds: readonly number[],
  targetIds: readonly number[],
  matrix: ReadonlyArray<ReadonlyArray<Outcome>>,
): void {
  verifierIds.forEach((verifierId, fi) => {
    targetIds.forEach((targetId, ti) => {
      const o = matrix[fi]![ti]!;
      const error = o.verdict === "error" ? `${o.kind}: ${o.message}` : null;
      tx.insert(verifierResults)
        .values({
          verifierId,
          targetKind,
          targetId,
          outcome: o.verdict,
          error,
          durationMs: o.durationMs,
        })
        .onConflictDoUpdate({
          target: [
            verifierResults.verifierId,
            verifierResults.targetKind,
            verifierResults.targetId,
          ],
          set: { outcome: o.verdict, error, durationMs: o.durationMs },
        })
        .run();
    });
  });
}
