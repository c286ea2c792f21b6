"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { decodeSeedFile } from "@/lib/seeds/decodeSeedFile";
import { formatFromFileName } from "@/lib/seeds/parseSeedFile";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

/** Imports a .txt or .jsonl file, chosen or dropped; the server takes all of it or none. */
export function SeedImportPanel(props: { projectId: number; onImported: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const importFile = useMutation(
    trpc.seed.import.mutationOptions({
      onSuccess: async (result, variables) => {
        setDone(
          `Imported ${result.imported.toLocaleString()} seed instruction(s) from ${variables.fileName}.`,
        );
        await props.onImported();
      },
    }),
  );

  async function handle(file: File | undefined) {
    setDone(null);
    setLocalError(null);
    importFile.reset();
    if (!file) return;
    const format = formatFromFileName(file.name);
    if (!format) {
      setLocalError(
        `${file.name}: only .txt (one instruction a line) and .jsonl files can be imported.`,
      );
      return;
    }
    if (file.size > 10_000_000) {
      setLocalError(
        `${file.name}: the file is ${(file.size / 1e6).toFixed(1)} MB; the limit is 10 MB.`,
      );
      return;
    }
    // Decoded strictly here: File.text() would silently turn bytes that are not UTF-8 into U+FFFD.
    const decoded = decodeSeedFile(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) {
      setLocalError(
        `${file.name}: nothing was imported. Line ${decoded.error.line}: ${decoded.error.message}`,
      );
      return;
    }
    importFile.mutate({
      projectId: props.projectId,
      fileName: file.name,
      format,
      content: decoded.text,
    });
  }

  return (
    <section aria-label="Import seed instructions">
      <div
        className={`dropzone${dragging ? " active" : ""}`}
        data-testid="seed-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void handle(e.dataTransfer.files[0]);
        }}
      >
        Drop a <code>.txt</code> or <code>.jsonl</code> file here, or{" "}
        <button type="button" className="small" onClick={() => inputRef.current?.click()}>
          Choose file…
        </button>
        <input
          ref={inputRef}
          type="file"
          accept=".txt,.jsonl,text/plain,application/jsonl"
          aria-label="Import file"
          hidden
          onChange={(e) => {
            void handle(e.target.files?.[0]);
            e.target.value = "";
          }}
        />{" "}
        <span className="hint">
          One file is imported whole or not at all. .txt: one instruction a line, # starts a
          comment. .jsonl: {"{"}&quot;instruction&quot;: &quot;…&quot;, &quot;tags&quot;: […]{"}"};
          other fields become tags.
        </span>
        {importFile.isPending ? <span role="status"> Importing…</span> : null}
      </div>
      {done ? (
        <div role="status" className="alert ok" style={{ marginTop: 8 }}>
          {done}
        </div>
      ) : null}
      {localError ? (
        <div role="alert" className="alert error" style={{ marginTop: 8 }}>
          {localError}
        </div>
      ) : null}
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={importFile.error} title="Import refused" />
      </div>
    </section>
  );
}
