"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

/** One instruction: decision, back-translations with judge labels, verifiers with code, test cases. */
export function InstructionDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.instruction.byId.queryOptions({ id }));
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <p className="hint">Loading…</p>;
  const d = q.data;
  return (
    <section aria-label={`Instruction ${d.id}`} className="panel">
      <h2 className="text-cell">{d.text}</h2>
      <p><span className={`badge status-${d.pipelineStatus}`}>{d.pipelineStatus}</span> <span className="hint">after {d.pipelineStage ?? "augment"}</span></p>
      {d.dropReason ? <div className="alert error text-cell">Dropped: {d.dropReason}</div> : null}
      <h3>Back-translations ({d.backTranslations.length})</h3>
      {d.backTranslations.length === 0 ? <p className="hint">None yet.</p> : (
        <table className="grid" aria-label="Back-translations">
          <thead><tr><th>Verifier</th><th>What the code checks, in words</th><th>Judge</th></tr></thead>
          <tbody>{d.backTranslations.map((b) => (
            <tr key={b.id}><td className="nowrap">#{b.verifierId}</td><td className="text-cell">{b.text}</td><td><span className={`badge label-${b.judgeLabel ?? "none"}`}>{b.judgeLabel ?? "—"}</span></td></tr>
          ))}</tbody>
        </table>
      )}
      <h3>Verifiers ({d.verifiers.length})</h3>
      {d.verifiers.map((v) => (
        <div key={v.id} className="verifier">
          <div className="toolbar" style={{ margin: "0 0 4px" }}>
            <strong>#{v.id}</strong>
            <span className={`badge status-${v.pipelineStatus}`}>{v.pipelineStatus}</span>
            {v.accuracy !== null ? <span className="hint">accuracy {(v.accuracy * 100).toFixed(0)}% on kept cases</span> : null}
            {v.compileStatus === "error" ? <span className="badge status-dropped">compile error</span> : null}
            {v.dropReason ? <span className="hint text-cell">{v.dropReason}</span> : null}
          </div>
          <pre className="code">{v.source}</pre>
        </div>
      ))}
      <h3>Test cases ({d.cases.length})</h3>
      {d.cases.length === 0 ? <p className="hint">None yet.</p> : (
        <table className="grid" aria-label="Test cases">
          <thead><tr><th>Input</th><th>Expected</th><th>Status</th></tr></thead>
          <tbody>{d.cases.map((c) => (
            <tr key={c.id}>
              <td className="text-cell">{c.input}</td>
              <td className="nowrap">{c.expectedRaw ?? String(c.expected)}</td>
              <td><span className={`badge status-${c.pipelineStatus}`}>{c.pipelineStatus}</span>{c.dropReason ? <div className="hint">{c.dropReason}</div> : null}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
