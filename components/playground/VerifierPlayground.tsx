"use client";

import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { MonacoEditor, type MonacoEditorHandle } from "../audit/MonacoEditor";
import { useBrowserVerifier } from "../verifier/useBrowserVerifier";
import { CompileErrorAlert } from "./CompileErrorAlert";
import { ExamplePicker } from "./ExamplePicker";
import { OutcomeTable, runSummary } from "./OutcomeTable";
import { PlaygroundIntro } from "./PlaygroundIntro";
import { DEFAULT_EXAMPLE, PLAYGROUND_EXAMPLES, type PlaygroundExample } from "./playgroundExamples";
import { deadlineProblem, RunToolbar } from "./RunToolbar";
import { joinResponses, RESPONSE_SEPARATOR, splitResponses } from "./splitResponses";
import { useVerifierRun } from "./useVerifierRun";
import styles from "./playground.module.css";

const COMPILE_ERROR_ID = "playground-compile-error";

/** Edit a verifier and responses, run it in the browser sandbox, read one outcome per response. */
export function VerifierPlayground() {
  const { run, start, stop } = useVerifierRun(useBrowserVerifier());
  const [source, setSource] = useState(DEFAULT_EXAMPLE.verifier);
  const [responsesText, setResponsesText] = useState(joinResponses(DEFAULT_EXAMPLE.responses));
  const [deadline, setDeadline] = useState("1000");
  const editor = useRef<MonacoEditorHandle>(null);
  const responses = useMemo(() => splitResponses(responsesText), [responsesText]);
  const edited = !PLAYGROUND_EXAMPLES.some(
    (e) => e.verifier === source && joinResponses(e.responses) === responsesText,
  );
  const busy = run.phase === "compiling" || run.phase === "running";
  const runnable = (code: string) => !busy && responses.length > 0 && code.trim() !== "" && deadlineProblem(deadline) === undefined;
  const canRun = runnable(source);
  // The editor hands over its own text on Ctrl+Enter: this render's `source` may lag the last keys.
  const runNow = (code = source) => {
    if (runnable(code)) void start(code, responses, { deadlineMs: Number(deadline) });
  };
  const runOnCtrlEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runNow();
    }
  };
  const load = (example: PlaygroundExample) => {
    setSource(example.verifier);
    setResponsesText(joinResponses(example.responses));
  };
  const goTo = (line: number, column: number) => editor.current?.focusAt(line, column);

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Verifier playground</h1>
          <p className="subtitle">Try a verifier on a few responses before it goes into a pipeline run.</p>
        </div>
      </div>
      <PlaygroundIntro />
      <div className={styles.split}>
        <div className={styles.field}>
          <div className={styles.fieldHeader}>
            {/* The editor's text area is named by its own aria-label; this is the visible caption. */}
            <strong>Verifier code</strong>
            <span className="spacer" />
            <ExamplePicker edited={edited} onLoad={load} />
          </div>
          <MonacoEditor
            ref={editor}
            label="Verifier code"
            value={source}
            readOnly={false}
            onChange={setSource}
            onSubmit={runNow}
            height={300}
            compileError={run.compileError && run.source === source ? run.compileError : null}
            describedBy={run.compileError ? COMPILE_ERROR_ID : undefined}
          />
        </div>
        <div className={styles.field}>
          <div className={styles.fieldHeader}>
            <label htmlFor="playground-responses">
              <strong>Responses</strong>
            </label>
            <span className="hint" aria-live="polite">
              {responses.length === 0
                ? "none yet: write one to run the verifier"
                : `${responses.length} ${responses.length === 1 ? "response" : "responses"}`}
            </span>
            <span className="spacer" />
            <button
              type="button"
              className="small"
              onClick={() => setResponsesText((t) => `${t.replace(/\n*$/, "")}\n${RESPONSE_SEPARATOR}\n`)}
            >
              Add response
            </button>
          </div>
          <textarea
            id="playground-responses"
            rows={16}
            value={responsesText}
            aria-describedby="playground-responses-hint"
            onChange={(e) => setResponsesText(e.target.value)}
            onKeyDown={runOnCtrlEnter}
          />
          <span id="playground-responses-hint" className="hint">
            A line holding only <code>{RESPONSE_SEPARATOR}</code> separates two responses; blank ones are skipped.
          </span>
        </div>
      </div>
      <RunToolbar
        deadline={deadline}
        onDeadline={setDeadline}
        busy={busy}
        canRun={canRun}
        onRun={() => runNow()}
        onStop={stop}
        status={runSummary(run)}
        progress={busy ? { done: run.done, total: run.rows.length } : undefined}
      />
      {run.compileError && run.source !== undefined ? (
        <CompileErrorAlert id={COMPILE_ERROR_ID} error={run.compileError} source={run.source} onGoTo={goTo} />
      ) : null}
      <OutcomeTable run={run} />
    </main>
  );
}
