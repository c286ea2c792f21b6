"use client";

import { useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import type * as Monaco from "monaco-editor/editor/editor.api";
import type { VerifierLanguage } from "@/lib/verifier/language";
import type { CompileError } from "@/lib/verifier/outcome";

type MonacoApi = typeof Monaco;
let loading: Promise<MonacoApi> | undefined;
/** Monaco, downloaded on first use by the page that needs it. */
export const loadMonaco = () => (loading ??= import("./monacoSetup").then((m) => m.monaco));

/** What a parent may do to the editor besides passing text. */
export interface MonacoEditorHandle {
  /** Puts the cursor at a 1-based line and column, scrolls to it and focuses the editor. */
  focusAt(line: number, column: number): void;
}

/**
 * A read-only view of the editor's model, set on its host element (`.monaco-host`) as
 * `editorProbe`. Tests read the exact text and cursor through it; it can change nothing.
 */
export interface EditorProbe {
  text(): string;
  cursor(): { line: number; column: number } | null;
  /** Every selection as "line:column-line:column", in document order. */
  selections(): string[];
}

export interface MonacoEditorProps {
  /** The text to show. While the editor is editable it owns its text: see the component's comment. */
  value: string;
  readOnly: boolean;
  /** How the text is highlighted and indented (Python: 4 spaces); JavaScript by default. */
  language?: VerifierLanguage;
  onChange?: (value: string) => void;
  /** Ctrl+Enter (Cmd+Enter) in the editor, with the editor's text; without it the key keeps Monaco's meaning. */
  onSubmit?: (text: string) => void;
  /** Shown as an error marker at its line and column. */
  compileError?: CompileError | null;
  /** Accessible name of the editor's text area. */
  label: string;
  /** Id of an element that describes the editor's text area (an error message). */
  describedBy?: string;
  /** Pixels; by default it follows the number of lines. */
  height?: number;
  ref?: Ref<MonacoEditorHandle>;
}

/** Texts the editor produced that the parent may still hand back; bounded so it cannot grow without end. */
const MAX_PENDING = 1000;

/** Indentation as each language's own code is usually written: 2 spaces in JavaScript, 4 in Python (PEP 8). */
const TAB_SIZE: Record<VerifierLanguage, number> = { javascript: 2, python: 4 };

/**
 * A verifier editor (Monaco) for JavaScript or Python. While editable, the editor owns its text: what the user types goes
 * to `onChange`, and a `value` the editor itself produced is never written back, even when the
 * parent's state lags several keys behind (writing it back would move the cursor and drop the keys
 * typed since). A `value` the editor did not produce (an example loaded, Cancel) replaces the text.
 * Read-only, it always shows `value`.
 */
export function MonacoEditor({
  value,
  readOnly,
  language = "javascript",
  onChange,
  onSubmit,
  compileError,
  label,
  describedBy,
  height,
  ref,
}: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const api = useRef<MonacoApi | null>(null);
  const onChangeRef = useRef(onChange);
  const onSubmitRef = useRef(onSubmit);
  // The texts this editor emitted since the parent last handed back the editor's current text.
  const pending = useRef(new Set<string>());
  // True while the component itself writes to the model, so that write is not reported as an edit.
  const writing = useRef(false);
  const [ready, setReady] = useState(false);
  const hasSubmit = onSubmit !== undefined;
  useEffect(() => {
    onChangeRef.current = onChange;
    onSubmitRef.current = onSubmit;
  }, [onChange, onSubmit]);

  useImperativeHandle(
    ref,
    () => ({
      focusAt(line, column) {
        const e = editor.current;
        if (!e) return;
        e.setPosition({ lineNumber: line, column });
        e.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
        e.focus();
      },
    }),
    [],
  );

  useEffect(() => {
    let disposed = false;
    const el = host.current as (HTMLDivElement & { editorProbe?: EditorProbe }) | null;
    // Keys typed in the editor are the editor's: the page's shortcuts (j, k, /, ?, a, r...) listen
    // on the window and must never see them, whatever element Monaco types into (a text area, or
    // Chromium's EditContext div, which field checks by tag name do not recognise).
    const keepKeys = (e: KeyboardEvent) => e.stopPropagation();
    el?.addEventListener("keydown", keepKeys);
    void loadMonaco().then((monaco) => {
      if (disposed || !el) return;
      api.current = monaco;
      const e = monaco.editor.create(el, {
        value,
        language,
        readOnly,
        ariaLabel: label,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 12,
        lineNumbersMinChars: 3,
        tabSize: TAB_SIZE[language],
        insertSpaces: true,
        detectIndentation: false,
        renderLineHighlight: "none",
      });
      e.onDidChangeModelContent(() => {
        if (writing.current) return;
        const text = e.getValue();
        const seen = pending.current;
        seen.add(text);
        if (seen.size > MAX_PENDING) seen.delete(seen.values().next().value!);
        onChangeRef.current?.(text);
      });
      if (hasSubmit) {
        e.addAction({
          id: "autoif.submit",
          label: "Run",
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
          run: () => onSubmitRef.current?.(e.getValue()),
        });
      }
      el.editorProbe = {
        text: () => e.getValue(),
        cursor: () => {
          const p = e.getPosition();
          return p ? { line: p.lineNumber, column: p.column } : null;
        },
        selections: () =>
          (e.getSelections() ?? [])
            .map((s) => ({ s, key: s.startLineNumber * 1e6 + s.startColumn }))
            .sort((a, b) => a.key - b.key)
            .map(
              ({ s }) => `${s.startLineNumber}:${s.startColumn}-${s.endLineNumber}:${s.endColumn}`,
            ),
      };
      editor.current = e;
      setReady(true);
    });
    return () => {
      disposed = true;
      el?.removeEventListener("keydown", keepKeys);
      editor.current?.dispose();
      editor.current = null;
      if (el) delete el.editorProbe;
    };
    // The editor is made once; value and readOnly reach it through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const seen = pending.current;
    if (e.getValue() === value) {
      // The parent has caught up: what the editor emitted before is history.
      seen.clear();
      return;
    }
    // A text the editor produced, arriving late: the editor is already further on.
    if (!readOnly && seen.has(value)) return;
    seen.clear();
    writing.current = true;
    try {
      e.setValue(value);
    } finally {
      writing.current = false;
    }
  }, [value, readOnly, ready]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly });
  }, [readOnly, ready]);

  useEffect(() => {
    const e = editor.current,
      monaco = api.current;
    const model = e?.getModel();
    if (!monaco || !model) return;
    // The host element says which language is on, for people reading the DOM and for tests.
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    model.updateOptions({
      tabSize: TAB_SIZE[language],
      indentSize: TAB_SIZE[language],
      insertSpaces: true,
    });
  }, [language, ready]);

  useEffect(() => {
    // The element that takes the keys and carries the label: Chromium's EditContext div, else the text area.
    const area = editor.current
      ?.getDomNode()
      ?.querySelector(".native-edit-context, textarea.inputarea");
    if (!area) return;
    if (describedBy) area.setAttribute("aria-describedby", describedBy);
    else area.removeAttribute("aria-describedby");
  }, [describedBy, ready]);

  useEffect(() => {
    const e = editor.current,
      monaco = api.current;
    const model = e?.getModel();
    if (!monaco || !model) return;
    const line = compileError ? Math.min(compileError.line, model.getLineCount()) : 0;
    monaco.editor.setModelMarkers(
      model,
      "verifier",
      compileError
        ? [
            {
              severity: monaco.MarkerSeverity.Error,
              message: compileError.message,
              startLineNumber: line,
              startColumn: compileError.column,
              endLineNumber: line,
              endColumn: model.getLineMaxColumn(line),
            },
          ]
        : [],
    );
  }, [compileError, ready]);

  return (
    // As tall as the code (within bounds), so short verifiers leave room for the tables below.
    <div
      className="monaco-host"
      data-readonly={readOnly}
      data-language={language}
      style={{ height: height ?? Math.min(360, Math.max(72, (value.split("\n").length + 1) * 19)) }}
      ref={host}
      data-ready={ready}
    >
      {ready ? null : <pre className="code monaco-fallback">{value}</pre>}
    </div>
  );
}
