"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import {
  AUTOIF_FILE_KINDS,
  autoifKindSignatures,
  type AutoifFileKind,
} from "@/lib/formats/autoifFiles";
import { useTRPC } from "../trpc/trpc";

type ImportAnswer = {
  message?: string;
  problems?: Array<{ line?: number; field?: string; message: string }>;
  kind?: AutoifFileKind;
  lines?: number;
  instructions?: number;
  verifiers?: number;
  testCases?: number;
  responses?: number;
  skippedGenerations?: Array<{ line: number; generation: number; reason: string }>;
};
type Outcome = { ok: boolean; text: string; details: string[] };

/** Imports a file of the AutoIF reference scripts (eval_func_rft.jsonl and the rest) into the project, all or nothing. */
export function ReferenceImportPanel({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<AutoifFileKind | "auto">("auto");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function send(file: File) {
    setBusy(true);
    setOutcome(null);
    const params = new URLSearchParams({
      fileName: file.name,
      ...(kind === "auto" ? {} : { kind }),
    });
    try {
      const res = await fetch(`/api/projects/${projectId}/reference-import?${params}`, {
        method: "POST",
        body: file,
        headers: { "content-type": "application/octet-stream" },
      });
      const a = (await res.json()) as ImportAnswer;
      if (!res.ok) {
        const located = (a.problems ?? []).map(
          (p) =>
            [p.line !== undefined ? `line ${p.line}` : null, p.field ? `field "${p.field}"` : null]
              .filter(Boolean)
              .join(", ") + `: ${p.message}`,
        );
        setOutcome({
          ok: false,
          text: a.message ?? `HTTP ${res.status}`,
          details: located.slice(1),
        });
        return;
      }
      const skipped = a.skippedGenerations ?? [];
      setOutcome({
        ok: true,
        text:
          `Imported ${file.name} (${a.kind}, ${a.lines} lines): ${a.instructions} instructions, ${a.verifiers} Python verifiers, ${a.testCases} test cases, ${a.responses} responses` +
          (skipped.length
            ? `; ${skipped.length} generations skipped as the reference scripts skip them.`
            : "."),
        details: skipped.map((s) => `line ${s.line}, generation ${s.generation}: ${s.reason}`),
      });
      await queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() });
    } catch (e) {
      setOutcome({ ok: false, text: `Upload failed: ${(e as Error).message}`, details: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-label="Import a reference-scripts file">
      <div className="toolbar">
        <label htmlFor="reference-kind">AutoIF file</label>
        <select
          id="reference-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as AutoifFileKind | "auto")}
        >
          <option value="auto">kind from its first line</option>
          {AUTOIF_FILE_KINDS.map((k) => (
            <option key={k} value={k}>
              {k} ({autoifKindSignatures[k].file})
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => fileRef.current?.click()}>
          {busy ? "Importing…" : "Import AutoIF file…"}
        </button>
        <input
          ref={fileRef}
          type="file"
          hidden
          aria-label="AutoIF reference file"
          accept=".jsonl,.json,.ndjson"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) void send(f);
          }}
        />
        <span className="hint">
          A file of the AutoIF reference scripts (eval_func_rft.jsonl, back_trans.jsonl,
          query_rft.jsonl, ...): Python verifiers, cases and responses. A bad line imports nothing
          and names the line and field.
        </span>
      </div>
      {outcome ? (
        <div
          role={outcome.ok ? "status" : "alert"}
          className={`alert ${outcome.ok ? "ok" : "error"}`}
        >
          {outcome.text}
          {outcome.details.length ? (
            <ul>
              {outcome.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
