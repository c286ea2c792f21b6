"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc/trpc";
import { ErrorAlert } from "../ui/ErrorAlert";
import { MatrixCell } from "./MatrixCell";
import type { AuditData, Cell } from "./outcomeOf";

interface Props {
  data: AuditData;
  cellOf: (verifierId: number, responseId: number) => Cell | undefined;
  reviewer: string;
}

/** Verifiers x sampled responses; a cell opens the response with every verifier's outcome and error. */
export function ResponseMatrix({ data, cellOf, reviewer }: Props) {
  const [open, setOpen] = useState<{ responseId: number; verifierId?: number } | null>(null);
  const fns = data.verifiers.filter((v) => v.compileStatus !== "error");
  const shown = data.responses.find((r) => r.id === open?.responseId);
  if (data.responses.length === 0) return <p className="hint">No responses yet: they come from the run&apos;s respond stage.</p>;
  return (
    <div className="matrix-wrap">
      <p className="hint">Outlined cells come from the browser run of the editors&apos; code; the others are the pipeline&apos;s stored outcomes. Click a cell to see the response and the error.</p>
      <div className="matrix-scroll">
        <table className="grid compact matrix" aria-label="Verifiers by responses">
          <thead>
            <tr><th className="num">Response</th><th>Text</th><th className="num">Pass rate</th><th>Label</th>{fns.map((v) => <th key={v.id} className="nowrap">#{v.id}{v.pipelineStatus === "kept" ? "" : " (dropped)"}</th>)}</tr>
          </thead>
          <tbody>
            {data.responses.map((r) => (
              <tr key={r.id} className={open?.responseId === r.id ? "selected" : undefined}>
                <td className="num"><button type="button" className="link" onClick={() => setOpen({ responseId: r.id })}>#{r.id}</button></td>
                <td className="matrix-text">{r.text}</td>
                <td className="num">{r.passRate === null ? "—" : r.passRate.toFixed(2)}</td>
                <td>{r.label ? <span className={`badge label-${r.label}`}>{r.label}</span> : null}</td>
                {fns.map((v) => (
                  <td key={v.id}><MatrixCell cell={cellOf(v.id, r.id)} label={`Verifier #${v.id} on response #${r.id}`} onOpen={() => setOpen({ responseId: r.id, verifierId: v.id })} /></td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown ? <ResponseInspector key={shown.id} response={shown} fns={fns} cellOf={cellOf} focusVerifier={open?.verifierId} reviewer={reviewer} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function ResponseInspector({ response, fns, cellOf, focusVerifier, reviewer, onClose }: {
  response: AuditData["responses"][number];
  fns: AuditData["verifiers"];
  cellOf: Props["cellOf"];
  focusVerifier?: number;
  reviewer: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const label = useMutation(trpc.label.set.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() }) }));
  const set = (l: "follows" | "violates" | "clear") => label.mutate({ responseId: response.id, label: l, reviewer });
  return (
    <section className="panel inspector" aria-label={`Response #${response.id}`}>
      <div className="toolbar" style={{ margin: 0 }}>
        <strong>Response #{response.id}</strong>
        <span className={`badge status-${response.pipelineStatus}`}>{response.pipelineStatus}</span>
        {response.dropReason ? <span className="hint">{response.dropReason}</span> : null}
        <span className="spacer" />
        <button type="button" className="small" onClick={onClose}>Close</button>
      </div>
      <div className="hint">Query</div>
      <div className="text-cell review-text">{response.query}</div>
      <div className="hint">Response</div>
      <div className="text-cell review-text">{response.text}</div>
      <table className="grid compact" aria-label="Verifier outcomes on this response">
        <tbody>
          {fns.map((v) => {
            const c = cellOf(v.id, response.id);
            return (
              <tr key={v.id} className={v.id === focusVerifier ? "selected" : undefined}>
                <td className="nowrap">#{v.id}</td>
                <td><MatrixCell cell={c} label={`Verifier #${v.id}`} /></td>
                <td className="text-cell">{c?.error ?? ""}{c?.live ? <span className="hint"> (browser run)</span> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="verdict-bar" role="group" aria-label="Human label">
        <span>Does it truly follow the instruction?</span>
        <button type="button" className="small" aria-pressed={response.label === "follows"} disabled={!reviewer || label.isPending} onClick={() => set("follows")}>Follows</button>
        <button type="button" className="small" aria-pressed={response.label === "violates"} disabled={!reviewer || label.isPending} onClick={() => set("violates")}>Violates</button>
        <button type="button" className="small link" disabled={!reviewer || label.isPending} onClick={() => set("clear")}>Clear my label</button>
        {!reviewer ? <span className="hint">Enter your reviewer name to label.</span> : null}
      </div>
      <ErrorAlert error={label.error} />
    </section>
  );
}
