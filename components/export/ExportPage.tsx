"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { exportFiltersSchema, type ExportFilters } from "@/lib/formats/exportRequest";
import { DPO_FORMATS, SFT_FORMATS } from "@/lib/formats/formats";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { BenchmarkFiles } from "./BenchmarkFiles";
import { ExportFilterFields } from "./ExportFilterFields";
import { ExportHistory } from "./ExportHistory";

type Kind = "sft" | "dpo";
const FORMATS = { sft: SFT_FORMATS, dpo: DPO_FORMATS } as const;

/** Choose what to export and how, see how many rows that is, download it, and read past manifests. */
export function ExportPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>("sft");
  const [format, setFormat] = useState<string>(SFT_FORMATS[0].id);
  const [filters, setFilters] = useState<ExportFilters>(() => exportFiltersSchema.parse({}));
  const [benchmarkIds, setBenchmarkIds] = useState<number[]>([]);
  const [action, setAction] = useState<"exclude" | "flag">("exclude");
  const [waitingAfter, setWaitingAfter] = useState<number | null>(null);
  const counts = useQuery({ ...trpc.export.count.queryOptions({ projectId, kind, filters }), placeholderData: keepPreviousData });
  const history = useQuery({
    ...trpc.export.list.queryOptions({ projectId }),
    // A download records its export when the last byte is sent; poll until it shows up.
    refetchInterval: (q) => (waitingAfter !== null && !(q.state.data?.[0] && q.state.data[0].id > waitingAfter) ? 1_500 : false),
  });
  const rows = counts.data?.at(-1)?.rows ?? null;
  const chosen = FORMATS[kind].find((f) => f.id === format) ?? FORMATS[kind][0];
  const href = `/api/projects/${projectId}/export?${new URLSearchParams({
    format: chosen.id,
    filters: JSON.stringify(filters),
    contamination: JSON.stringify({ benchmarkIds, action }),
  }).toString()}`;

  function switchKind(k: Kind) {
    setKind(k);
    setFormat(FORMATS[k][0].id);
  }

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Export</h1>
          <p className="subtitle">
            SFT examples and DPO pairs as JSONL in the formats trainers read, streamed from the database. Every export
            records a manifest of what went in. From a terminal: <code>npm run autoif -- export --project &lt;name&gt; --format {chosen.id} --out &lt;file&gt;</code>.
          </p>
        </div>
      </div>
      <div className="export-form">
        <section className="panel" aria-label="What to export">
          <div className="toolbar">
            <div className="segmented" role="group" aria-label="Kind">
              <button type="button" aria-pressed={kind === "sft"} onClick={() => switchKind("sft")}>SFT examples</button>
              <button type="button" aria-pressed={kind === "dpo"} onClick={() => switchKind("dpo")}>DPO pairs</button>
            </div>
            <label htmlFor="export-format">Format</label>
            <select id="export-format" value={chosen.id} onChange={(e) => setFormat(e.target.value)}>
              {FORMATS[kind].map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
            </select>
            <span className="hint"><code>{chosen.shape}</code> for {chosen.trainer}</span>
          </div>
          <ExportFilterFields kind={kind} filters={filters} onChange={setFilters} />
          <fieldset className="export-filters">
            <legend>Contamination check</legend>
            <BenchmarkFiles projectId={projectId} selected={benchmarkIds} onSelect={setBenchmarkIds} />
            {benchmarkIds.length > 0 ? (
              <div className="toolbar">
                <label htmlFor="export-contamination">Rows sharing a word 13-gram with a checked file</label>
                <select id="export-contamination" value={action} onChange={(e) => setAction(e.target.value as "exclude" | "flag")}>
                  <option value="exclude">are left out</option>
                  <option value="flag">are kept and listed in the manifest</option>
                </select>
              </div>
            ) : null}
          </fieldset>
        </section>
        <section className="panel" aria-label="Rows to export">
          <table className="grid compact" aria-label="Rows after each filter">
            <thead><tr><th>Filter</th><th className="num">Rows</th></tr></thead>
            <tbody>
              {(counts.data ?? []).map((c) => <tr key={c.step}><td>{c.label}</td><td className="num">{c.rows.toLocaleString()}</td></tr>)}
            </tbody>
          </table>
          <ErrorAlert error={counts.error} title="Could not count rows" />
          <div className="toolbar" style={{ marginTop: 10 }}>
            <output aria-live="polite" className="export-count">
              {rows === null ? "Counting…" : `${rows.toLocaleString()} ${kind === "sft" ? "example" : "pair"}${rows === 1 ? "" : "s"} to export`}
              {benchmarkIds.length > 0 && rows !== null ? ", before the contamination check" : ""}
            </output>
            {rows === 0 ? (
              <span className="hint">Nothing matches: loosen the filters, or finish a run on the Runs page first.</span>
            ) : (
              <a className="button primary" href={href} download onClick={() => setWaitingAfter(history.data?.[0]?.id ?? 0)}>Download .jsonl</a>
            )}
          </div>
        </section>
      </div>
      <h2>Past exports</h2>
      <ErrorAlert error={history.error} title="Could not load past exports" />
      {history.data ? <ExportHistory exports={history.data} /> : null}
    </main>
  );
}
