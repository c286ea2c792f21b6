import type { Outcome } from "@/lib/verifier/outcome";
import styles from "./playground.module.css";

/** A verdict badge; for an error also its kind and message, as text. */
export function OutcomeCell({ outcome }: { outcome: Outcome }) {
  return (
    <>
      <span className={`${styles.verdict} ${styles[outcome.verdict]}`}>{outcome.verdict}</span>
      {outcome.verdict === "error" ? (
        <>
          <span className={styles.kind}>{outcome.kind}</span>
          <span className="text-cell">{outcome.message}</span>
        </>
      ) : null}
    </>
  );
}

/** Milliseconds for a table cell: one decimal below 10 ms, whole numbers above. */
export function formatDuration(ms: number): string {
  if (ms < 0.1) return "< 0.1 ms";
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString("en-US")} ms`;
}
