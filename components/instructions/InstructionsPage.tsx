"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { InstructionDetail } from "./InstructionDetail";

const PAGE = 100;
const FILTERS = [
  { value: undefined, label: "All" },
  { value: "kept", label: "Kept" },
  { value: "pending", label: "Pending" },
  { value: "dropped", label: "Dropped" },
] as const;
type Status = (typeof FILTERS)[number]["value"];

/** The instructions a run produced: filter by status, search, open one to see its verifiers and why. */
export function InstructionsPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status>(undefined);
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const deferredSearch = useDeferredValue(search);
  const list = useQuery({
    ...trpc.instruction.list.queryOptions({ projectId, status, search: deferredSearch, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const total = (data?.counts.kept ?? 0) + (data?.counts.pending ?? 0) + (data?.counts.dropped ?? 0);

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Instructions</h1>
          <p className="subtitle">Instructions written by augmentation, with their verifiers, test cases and the pipeline&apos;s decisions. Open one to see why it was kept or dropped.</p>
        </div>
      </div>
      <div className="toolbar">
        <div role="group" aria-label="Filter by status" className="segmented">
          {FILTERS.map((f) => (
            <button key={f.label} type="button" aria-pressed={status === f.value} onClick={() => { setStatus(f.value); setOffset(0); }}>
              {f.label} {data ? `(${f.value ? (data.counts[f.value] ?? 0) : total})` : ""}
            </button>
          ))}
        </div>
        <input type="search" aria-label="Search instructions" placeholder="Search text" value={search} onChange={(e) => { setSearch(e.target.value); setOffset(0); }} style={{ width: 260 }} />
        <span className="spacer" />
        {data && data.total > PAGE ? (
          <span className="toolbar" style={{ margin: 0 }}>
            <button type="button" className="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
            <span className="hint">{offset + 1}-{Math.min(offset + PAGE, data.total)} of {data.total}</span>
            <button type="button" className="small" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>Next</button>
          </span>
        ) : null}
      </div>
      <ErrorAlert error={list.error} title="Could not load instructions" />
      {data && total === 0 ? <div className="empty">No instructions yet. Start a run on the Runs page: augmentation writes them from your seed instructions.</div> : null}
      {data && total > 0 ? (
        <div className="split">
          <table className="grid" aria-label="Instructions">
            <thead><tr><th className="num">#</th><th>Instruction</th><th>Status</th><th className="num" title="kept / all verifiers">Verifiers</th><th className="num" title="kept / all test cases">Cases</th></tr></thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id} className={r.id === selected ? "selected clickable" : "clickable"} onClick={() => setSelected(r.id)} aria-selected={r.id === selected}>
                  <td className="num hint">{r.id}</td>
                  <td className="text-cell">
                    <button type="button" className="row-link" onClick={() => setSelected(r.id)}>{r.text}</button>
                    {r.dropReason ? <div className="hint">{r.dropReason}</div> : null}
                  </td>
                  <td className="nowrap"><span className={`badge status-${r.pipelineStatus}`}>{r.pipelineStatus}</span> <span className="hint">{r.pipelineStage ?? ""}</span></td>
                  <td className="num">{r.keptVerifiers}/{r.verifiers}</td>
                  <td className="num">{r.keptCases}/{r.cases}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="detail-pane">{selected !== null ? <InstructionDetail id={selected} /> : <div className="empty">Select an instruction to see its verifiers, test cases and back-translations.</div>}</div>
        </div>
      ) : null}
    </main>
  );
}
