"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { VERIFIER_LANGUAGES, type VerifierCode } from "@/lib/verifier/language";
import type { CompileError } from "@/lib/verifier/outcome";
import { codeOf, sameCode } from "@/lib/autoif/verifierCode";
import { LANGUAGE_NAMES } from "../verifier/languageNames";
import { problemsOf } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useDebouncedValue } from "../ui/useDebounced";
import { MonacoEditor } from "./MonacoEditor";
import { pct, type AuditVerifier } from "./outcomeOf";
import type { LiveRun } from "./useLiveRuns";
import { VerdictBar } from "./VerdictBar";
import { VersionHistory } from "./VersionHistory";
import type { InstructionChange } from "./ChangeSummary";

export interface VerifierPanelProps {
  v: AuditVerifier;
  /** Verifiers with exactly this code, merged into this one by cross-validation. */
  identical: readonly AuditVerifier[];
  /** The edited code and its language while editing; undefined when read-only. */
  draft: VerifierCode | undefined;
  setDraft: (code: VerifierCode | undefined) => void;
  live: LiveRun | undefined;
  /** Accuracy of the live run on the kept cases: right / judged. */
  liveAccuracy: { right: number; judged: number } | null;
  compile: (code: VerifierCode) => Promise<{ ok: true } | { ok: false; error: CompileError }>;
  onRun: () => void;
  onSaved: (change: InstructionChange, version: number) => void;
  reviewer: string;
  active: boolean;
  onFocus: () => void;
}

/** One verifier: its code in Monaco (read-only until Edit), status, live run, save, history, review. */
export function VerifierPanel({
  v,
  identical,
  draft,
  setDraft,
  live,
  liveAccuracy,
  compile,
  onRun,
  onSaved,
  reviewer,
  active,
  onFocus,
}: VerifierPanelProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [history, setHistory] = useState(false);
  const [showIdentical, setShowIdentical] = useState(false);
  // The last compile of the draft, with the code it compiled. While typing, the last result stays
  // until the next one (no flicker; compiles run in order on one worker); after a language switch
  // it described the other language and is not shown.
  const [draftCompile, setDraftCompile] = useState<{
    code: VerifierCode;
    error: CompileError | null;
  } | null>(null);
  const editing = draft !== undefined;
  const save = useMutation(
    trpc.verifier.saveVersion.mutationOptions({
      onSuccess: async (result) => {
        setDraft(undefined);
        onSaved(result.change, result.version);
        await queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.verifier.versions.pathKey() });
      },
    }),
  );

  // Compile while typing (after a pause), in the browser's sandbox: the marker appears before Run or Save.
  const settledDraft = useDebouncedValue(draft, 400);
  useEffect(() => {
    if (settledDraft === undefined) return;
    let current = true;
    void compile(settledDraft).then((r) => {
      if (current) setDraftCompile({ code: settledDraft, error: r.ok ? null : r.error });
    });
    return () => {
      current = false;
    };
  }, [settledDraft, compile]);

  const saveProblem = save.error
    ? problemsOf(save.error).problems.find((p) => p.line !== undefined)
    : undefined;
  const marker: CompileError | null = editing
    ? ((draftCompile?.code.language === draft?.language ? draftCompile?.error : null) ??
      (live?.compileError && sameCode(live.code, draft) ? live.compileError : null) ??
      (saveProblem ? { message: saveProblem.message, line: saveProblem.line!, column: 1 } : null))
    : live?.phase === "compile-error" && sameCode(live.code, v)
      ? (live.compileError ?? null)
      : null;
  const language = draft?.language ?? v.language;
  const running = live?.phase === "running" || live?.phase === "compiling";

  return (
    <section
      className={`verifier-panel${active ? " active" : ""}`}
      aria-label={`Verifier #${v.number}`}
      onFocusCapture={onFocus}
      onMouseDown={onFocus}
    >
      <div className="toolbar verifier-head">
        <strong>#{v.number}</strong>
        <span
          className={`badge language-${v.language}`}
          title={`Runs in ${v.language === "python" ? "Pyodide (CPython in WebAssembly)" : "QuickJS (WebAssembly)"}`}
        >
          {LANGUAGE_NAMES[v.language]}
        </span>
        <span className="hint">
          version {v.version}
          {v.origin === "user" ? ` by ${v.author ?? "a user"}` : " (LLM)"}
        </span>
        <span className={`badge status-${v.pipelineStatus}`}>{v.pipelineStatus}</span>
        {v.compileStatus === "error" ? (
          <span className="badge status-dropped">compile error</span>
        ) : null}
        <span
          className="hint"
          title="share of kept test cases it answers as expected, as the pipeline computed"
        >
          accuracy {pct(v.accuracy)} on kept cases
        </span>
        {v.reviewStatus !== "unreviewed" ? (
          <span className={`badge review-${v.reviewStatus}`}>{v.reviewStatus}</span>
        ) : null}
        {identical.length > 0 ? (
          <button
            type="button"
            className="small link"
            aria-expanded={showIdentical}
            aria-controls={`identical-${v.id}`}
            title="Verifiers with exactly this code, merged into this one"
            onClick={() => setShowIdentical(!showIdentical)}
          >
            +{identical.length} identical
          </button>
        ) : null}
        <span className="spacer" />
        {editing ? (
          <>
            <label
              className="inline-check"
              title="The language this version is saved in: change it to correct a verifier labelled with the wrong one"
            >
              Language
              <select
                aria-label={`Language of verifier #${v.number}`}
                value={draft.language}
                onChange={(e) =>
                  setDraft({ ...draft, language: e.target.value as VerifierCode["language"] })
                }
              >
                {VERIFIER_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {LANGUAGE_NAMES[l]}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="small"
              onClick={() => {
                setDraft(undefined);
                save.reset();
                setDraftCompile(null);
              }}
            >
              Cancel
            </button>
            <button
              type="button"
              className="small primary"
              disabled={save.isPending || !reviewer}
              title={reviewer ? undefined : "Enter your reviewer name first"}
              onClick={() =>
                save.mutate({
                  id: v.id,
                  source: draft.source,
                  language: draft.language,
                  author: reviewer,
                })
              }
            >
              {save.isPending ? "Saving and recomputing…" : "Save as new version"}
            </button>
          </>
        ) : (
          <button type="button" className="small" onClick={() => setDraft(codeOf(v))}>
            Edit
          </button>
        )}
        <button type="button" className="small" onClick={onRun} disabled={running}>
          {running ? "Running…" : "Run in browser"}
        </button>
        <button
          type="button"
          className="small"
          aria-expanded={history}
          onClick={() => setHistory(!history)}
        >
          History ({v.version})
        </button>
      </div>
      {showIdentical ? (
        <table
          id={`identical-${v.id}`}
          className="grid compact identical"
          aria-label={`Verifiers identical to #${v.number}`}
        >
          <tbody>
            {identical.map((x) => (
              <tr key={x.id}>
                <td className="nowrap">#{x.number}</td>
                <td className="nowrap hint">
                  version {x.version}
                  {x.origin === "user" ? ` by ${x.author ?? "a user"}` : " (LLM)"}
                </td>
                <td>
                  <span className={`badge status-${x.pipelineStatus}`}>{x.pipelineStatus}</span>{" "}
                  <span className="hint">{x.dropReason}</span>
                </td>
                <td>
                  {x.reviewStatus !== "unreviewed" ? (
                    <span className={`badge review-${x.reviewStatus}`}>{x.reviewStatus}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {v.dropReason ? <div className="hint text-cell">{v.dropReason}</div> : null}
      {v.compileError ? <div className="hint text-cell">{v.compileError}</div> : null}
      <MonacoEditor
        value={draft?.source ?? v.source}
        language={language}
        readOnly={!editing}
        onChange={draft ? (source) => setDraft({ language: draft.language, source }) : undefined}
        compileError={marker}
        label={`Code of verifier #${v.number}`}
      />
      {marker ? (
        <div role="alert" className="alert error">
          Compile error at line {marker.line}, column {marker.column}: {marker.message}
        </div>
      ) : null}
      {live ? (
        <div className="hint live-status" role="status">
          {live.phase === "compile-error"
            ? "Did not compile in the browser."
            : `${live.phase === "done" ? "Ran" : live.phase === "stopped" ? "Stopped after" : "Running:"} ${live.done}/${live.total} in the browser (${Math.round(live.elapsedMs)} ms)`}
          {liveAccuracy
            ? ` · ${liveAccuracy.right}/${liveAccuracy.judged} kept cases right (${pct(liveAccuracy.judged ? liveAccuracy.right / liveAccuracy.judged : null)})`
            : ""}
          {!sameCode(live.code, v) ? " · edited code, not saved" : ""}
        </div>
      ) : null}
      <ErrorAlert error={save.error} title="Not saved" />
      <VerdictBar kind="verifier" id={v.id} label={`verifier #${v.number}`} reviewer={reviewer} />
      {history ? <VersionHistory verifierId={v.id} number={v.number} /> : null}
    </section>
  );
}
