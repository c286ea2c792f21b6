import { DEFAULT_LIMITS, WATCHDOG_GRACE_MS } from "@/lib/verifier/limits";
import styles from "./playground.module.css";

const LIMITS_NOTE = `memory ${DEFAULT_LIMITS.memoryBytes / 2 ** 20} MiB · stack ${DEFAULT_LIMITS.stackBytes / 2 ** 10} KiB`;

export const DEADLINE_RANGE = { min: 10, max: 10_000 } as const;

/** Why a deadline input is not usable, or undefined when it is. */
export function deadlineProblem(value: string): string | undefined {
  const ms = Number(value);
  if (value.trim() === "" || !Number.isInteger(ms)) return "Enter a whole number of milliseconds.";
  if (ms < DEADLINE_RANGE.min || ms > DEADLINE_RANGE.max) {
    return `Between ${DEADLINE_RANGE.min} and ${DEADLINE_RANGE.max.toLocaleString("en-US")} ms.`;
  }
  return undefined;
}

/** The deadline, Run and Stop, and the run's status line with a progress bar. */
export function RunToolbar(props: {
  deadline: string;
  onDeadline: (value: string) => void;
  busy: boolean;
  canRun: boolean;
  onRun: () => void;
  onStop: () => void;
  status: string;
  progress?: { done: number; total: number };
}) {
  const problem = deadlineProblem(props.deadline);
  return (
    <div className="toolbar">
      <label htmlFor="playground-deadline">Deadline (ms)</label>
      <input
        id="playground-deadline"
        type="number"
        className={styles.numInput}
        min={DEADLINE_RANGE.min}
        max={DEADLINE_RANGE.max}
        step={1}
        value={props.deadline}
        aria-invalid={problem ? true : undefined}
        aria-describedby="playground-deadline-hint"
        onChange={(e) => props.onDeadline(e.target.value)}
      />
      {problem ? (
        <span id="playground-deadline-hint" className="field-error">
          {problem}
        </span>
      ) : (
        <span id="playground-deadline-hint" className="hint">
          per response; the worker is stopped {WATCHDOG_GRACE_MS} ms after it · {LIMITS_NOTE}
        </span>
      )}
      <span className="spacer" />
      <span role="status" className="hint">
        {props.status}
      </span>
      {props.progress ? (
        <progress
          className={styles.progress}
          aria-label="Run progress"
          value={props.progress.done}
          max={props.progress.total}
        />
      ) : null}
      {props.busy ? (
        <button type="button" onClick={props.onStop}>
          Stop
        </button>
      ) : null}
      <button type="button" className="primary" disabled={!props.canRun} onClick={props.onRun}>
        Run in browser sandbox
      </button>
    </div>
  );
}
