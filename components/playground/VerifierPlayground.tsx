"use client";

import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { z } from "zod";
import {
  VERIFIER_LANGUAGES,
  type VerifierCode,
  type VerifierLanguage,
} from "@/lib/verifier/language";
import { sameCode } from "@/lib/autoif/verifierCode";
import { useUrlFilter } from "../review/useUrlFilter";
import { LANGUAGE_NAMES } from "../verifier/languageNames";
import { MonacoEditor, type MonacoEditorHandle } from "../audit/MonacoEditor";
import { useBrowserVerifier } from "../verifier/useBrowserVerifier";
import { CompileErrorAlert } from "./CompileErrorAlert";
import { ExamplePicker } from "./ExamplePicker";
import { OutcomeTable, runSummary } from "./OutcomeTable";
import { PlaygroundIntro } from "./PlaygroundIntro";
import { defaultExample, PLAYGROUND_EXAMPLES, type PlaygroundExample } from "./playgroundExamples";
import { deadlineProblem, RunToolbar } from "./RunToolbar";
import { joinResponses, RESPONSE_SEPARATOR, splitResponses } from "./splitResponses";
import { useVerifierRun } from "./useVerifierRun";
import styles from "./playground.module.css";

const COMPILE_ERROR_ID = "playground-compile-error";

/** The playground's language lives in the URL (`?language=python`), so a link opens it; anything else reads as JavaScript. */
const urlSchema = z.object({ language: z.enum(VERIFIER_LANGUAGES).default("javascript") });

/** Edit a verifier and responses, run it in the browser sandbox, read one outcome per response. */
export function VerifierPlayground() {
  const { run, start, stop } = useVerifierRun(useBrowserVerifier());
  const [url, setUrl] = useUrlFilter(urlSchema);
  const language = url.language;
  const [source, setSource] = useState(() => defaultExample(language).verifier);
  const [responsesText, setResponsesText] = useState(() =>
    joinResponses(defaultExample(language).responses),
  );
  const [deadline, setDeadline] = useState("1000");
  const editor = useRef<MonacoEditorHandle>(null);
  const responses = useMemo(() => splitResponses(responsesText), [responsesText]);
  const code: VerifierCode = { language, source };
  const edited = !PLAYGROUND_EXAMPLES.some(
    (e) =>
      e.language === language &&
      e.verifier === source &&
      joinResponses(e.responses) === responsesText,
  );
  const busy = run.phase === "compiling" || run.phase === "running";
  const runnable = (code: string) =>
    !busy && responses.length > 0 && code.trim() !== "" && deadlineProblem(deadline) === undefined;
  const canRun = runnable(source);
  // The editor hands over its own text on Ctrl+Enter: this render's `source` may lag the last keys.
  const runNow = (text = source) => {
    if (runnable(text))
      void start({ language, source: text }, responses, { deadlineMs: Number(deadline) });
  };
  const runOnCtrlEnter = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runNow();
    }
  };
  const load = (example: PlaygroundExample) => {
    setUrl({ language: example.language });
    setSource(example.verifier);
    setResponsesText(joinResponses(example.responses));
  };
  // An example (or no code) becomes the same example in the other language; code you wrote stays
  // as it is and is compiled as the new language on the next run.
  const switchLanguage = (next: VerifierLanguage) => {
    if (next === language) return;
    const shown = PLAYGROUND_EXAMPLES.find((e) => e.language === language && e.verifier === source);
    const counterpart = PLAYGROUND_EXAMPLES.find(
      (e) => e.language === next && e.name === (shown?.name ?? defaultExample(next).name),
    );
    setUrl({ language: next });
    if (counterpart && (shown || source.trim() === "")) setSource(counterpart.verifier);
  };
  const goTo = (line: number, column: number) => editor.current?.focusAt(line, column);

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Verifier playground</h1>
          <p className="subtitle">
            Try a verifier on a few responses before it goes into a pipeline run.
          </p>
        </div>
      </div>
      <PlaygroundIntro />
      <div className={styles.split}>
        <div className={styles.field}>
          <div className={styles.fieldHeader}>
            {/* The editor's text area is named by its own aria-label; this is the visible caption. */}
            <strong>Verifier code</strong>
            <div role="group" aria-label="Language" className="segmented">
              {VERIFIER_LANGUAGES.map((l) => (
                <button
                  key={l}
                  type="button"
                  className="small"
                  aria-pressed={l === language}
                  onClick={() => switchLanguage(l)}
                >
                  {LANGUAGE_NAMES[l]}
                </button>
              ))}
            </div>
            <span className="spacer" />
            <ExamplePicker language={language} edited={edited} onLoad={load} />
          </div>
          <MonacoEditor
            ref={editor}
            label="Verifier code"
            value={source}
            language={language}
            readOnly={false}
            onChange={setSource}
            onSubmit={runNow}
            height={300}
            compileError={run.compileError && sameCode(run.code, code) ? run.compileError : null}
            describedBy={
              run.compileError && run.code?.language === language ? COMPILE_ERROR_ID : undefined
            }
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
              onClick={() =>
                setResponsesText((t) => `${t.replace(/\n*$/, "")}\n${RESPONSE_SEPARATOR}\n`)
              }
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
            A line holding only <code>{RESPONSE_SEPARATOR}</code> separates two responses; blank
            ones are skipped.
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
      {/* After a language switch the last compile error described the other language: not shown. */}
      {run.compileError && run.code !== undefined && run.code.language === language ? (
        <CompileErrorAlert
          id={COMPILE_ERROR_ID}
          error={run.compileError}
          source={run.code.source}
          language={run.code.language}
          onGoTo={goTo}
        />
      ) : null}
      <OutcomeTable run={run} />
    </main>
  );
}
