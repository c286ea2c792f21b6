"use client";

import { useEffect, useRef, useState } from "react";
import type * as Monaco from "monaco-editor/editor/editor.api";
import type { CompileError } from "@/lib/verifier/outcome";

type MonacoApi = typeof Monaco;
let loading: Promise<MonacoApi> | undefined;
/** Monaco, downloaded on first use by the page that needs it. */
export const loadMonaco = () => (loading ??= import("./monacoSetup").then((m) => m.monaco));

export interface MonacoEditorProps {
  value: string;
  readOnly: boolean;
  onChange?: (value: string) => void;
  /** Shown as an error marker at its line and column. */
  compileError?: CompileError | null;
  /** Accessible name of the editor's text area. */
  label: string;
  /** Pixels; by default it follows the number of lines. */
  height?: number;
}

/** A JavaScript editor (Monaco); the text a parent passes in replaces the model's only when it differs. */
export function MonacoEditor({ value, readOnly, onChange, compileError, label, height }: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const api = useRef<MonacoApi | null>(null);
  const onChangeRef = useRef(onChange);
  const [ready, setReady] = useState(false);
  useEffect(() => { onChangeRef.current = onChange; }, [onChange]);

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      api.current = monaco;
      const e = monaco.editor.create(host.current, {
        value,
        language: "javascript",
        readOnly,
        ariaLabel: label,
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 12,
        lineNumbersMinChars: 3,
        tabSize: 2,
        renderLineHighlight: "none",
      });
      e.onDidChangeModelContent(() => onChangeRef.current?.(e.getValue()));
      editor.current = e;
      setReady(true);
    });
    return () => {
      disposed = true;
      editor.current?.dispose();
      editor.current = null;
    };
    // The editor is made once; value and readOnly reach it through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== value) e.setValue(value);
  }, [value, ready]);

  useEffect(() => { editor.current?.updateOptions({ readOnly }); }, [readOnly, ready]);

  useEffect(() => {
    const e = editor.current, monaco = api.current;
    const model = e?.getModel();
    if (!monaco || !model) return;
    monaco.editor.setModelMarkers(
      model,
      "quickjs",
      compileError
        ? [{ severity: monaco.MarkerSeverity.Error, message: compileError.message, startLineNumber: compileError.line, startColumn: compileError.column, endLineNumber: compileError.line, endColumn: model.getLineMaxColumn(Math.min(compileError.line, model.getLineCount())) }]
        : [],
    );
  }, [compileError, ready]);

  return (
    // As tall as the code (within bounds), so short verifiers leave room for the tables below.
    <div className="monaco-host" data-readonly={readOnly} style={{ height: height ?? Math.min(360, Math.max(72, (value.split("\n").length + 1) * 19)) }} ref={host} data-ready={ready}>
      {ready ? null : <pre className="code monaco-fallback">{value}</pre>}
    </div>
  );
}
