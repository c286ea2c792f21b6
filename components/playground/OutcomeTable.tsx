import { formatDuration, OutcomeCell } from "./OutcomeCell";
import { ResponseText } from "./ResponseText";
import type { VerifierRun } from "./useVerifierRun";
import styles from "./playground.module.css";

/** One row per response of the run: the response, its outcome (or where it stands), the time it took. */
export function OutcomeTable({ run }: { run: VerifierRun }) {
  if (run.rows.length === 0) return null;
  const pending =
    run.phase === "stopped"
      ? "not run (stopped)"
      : run.phase === "compiling"
        ? "waiting for compile"
        : "running…";
  return (
    <table className="grid" aria-label="Outcomes">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Response</th>
          <th>Outcome</th>
          <th className="num">Duration</th>
        </tr>
      </thead>
      <tbody>
        {run.rows.map((row, i) => (
          <tr key={i} aria-label={`Response ${i + 1}`}>
            <td className="num hint">{i + 1}</td>
            <td className={styles.responseCell}>
              <ResponseText text={row.response} label={`response ${i + 1}`} />
            </td>
            <td>
              {row.outcome ? (
                <OutcomeCell outcome={row.outcome} />
              ) : (
                <span className="hint">{pending}</span>
              )}
            </td>
            <td className="num nowrap">
              {row.outcome ? formatDuration(row.outcome.durationMs) : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A one-line summary of the run for a status region: progress while it runs, counts after. */
export function runSummary(run: VerifierRun): string {
  const total = run.rows.length;
  const count = (verdict: string) => run.rows.filter((r) => r.outcome?.verdict === verdict).length;
  const counts = `${count("pass")} pass, ${count("fail")} fail, ${count("error")} error`;
  switch (run.phase) {
    case "idle":
      return "Not run yet. Ctrl+Enter in either field runs the verifier.";
    case "compiling":
      return "Compiling the verifier…";
    case "running":
      return `Running: ${run.done} of ${total} responses done (${counts})`;
    case "done":
      return `Done: ${total} ${total === 1 ? "response" : "responses"}: ${counts}`;
    case "stopped":
      return `Stopped after ${run.done} of ${total} responses (${counts})`;
    case "compile-error":
      return "The verifier did not compile; no response was run.";
  }
}
