"use client";

import { useEffect, useRef } from "react";
import type * as Monaco from "monaco-editor/editor/editor.api";
import type { VerifierCode } from "@/lib/verifier/language";
import { loadMonaco } from "./MonacoEditor";

/** Two versions of a verifier side by side in Monaco's diff editor (read-only), each highlighted in its own language. */
export function MonacoDiff({
  original,
  modified,
  label,
}: {
  original: VerifierCode;
  modified: VerifierCode;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let diff: Monaco.editor.IStandaloneDiffEditor | null = null;
    let models: Monaco.editor.ITextModel[] = [];
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      diff = monaco.editor.createDiffEditor(host.current, {
        readOnly: true,
        automaticLayout: true,
        minimap: { enabled: false },
        renderSideBySide: true,
        fontSize: 12,
        scrollBeyondLastLine: false,
        originalAriaLabel: `${label}: older`,
        modifiedAriaLabel: `${label}: newer`,
      });
      models = [
        monaco.editor.createModel(original.source, original.language),
        monaco.editor.createModel(modified.source, modified.language),
      ];
      diff.setModel({ original: models[0]!, modified: models[1]! });
    });
    return () => {
      disposed = true;
      diff?.dispose();
      for (const m of models) m.dispose();
    };
  }, [original.source, original.language, modified.source, modified.language, label]);
  return (
    <div
      className="monaco-host"
      style={{ height: 260 }}
      ref={host}
      role="region"
      aria-label={label}
    />
  );
}
