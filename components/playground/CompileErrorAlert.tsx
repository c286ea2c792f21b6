import type { VerifierLanguage } from "@/lib/verifier/language";
import type { CompileError } from "@/lib/verifier/outcome";
import { LANGUAGE_NAMES } from "../verifier/languageNames";
import styles from "./playground.module.css";

/** The compile error with its line of source and a caret under the column; a button puts the cursor there. */
export function CompileErrorAlert(props: {
  id: string;
  error: CompileError;
  source: string;
  language: VerifierLanguage;
  onGoTo: (line: number, column: number) => void;
}) {
  const { message, line, column } = props.error;
  const text = props.source.split(/\r?\n/)[line - 1];
  return (
    <div id={props.id} role="alert" className="alert error">
      <strong>Compile error</strong> at{" "}
      <button
        type="button"
        className={`link ${styles.inlineLink}`}
        title="Put the cursor there"
        onClick={() => props.onGoTo(line, column)}
      >
        line {line}, column {column}
      </button>
      {` (${LANGUAGE_NAMES[props.language]})`}: {message}
      {text !== undefined ? (
        <pre className={styles.snippet} aria-label={`Line ${line} of the verifier`}>
          {`${String(line).padStart(4)} | ${text}\n${" ".repeat(4)} | ${text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, " ")}^`}
        </pre>
      ) : null}
    </div>
  );
}
