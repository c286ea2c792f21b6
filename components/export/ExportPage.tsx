"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { emptyExportReason } from "@/lib/formats/emptyExport";
import {
  exportFiltersSchema,
  SYSTEM_PROMPT_MAX,
  type ExportFilters,
} from "@/lib/formats/exportRequest";
import { FORMATS_BY_KIND, SFT_FORMATS } from "@/lib/formats/formats";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useDebouncedValue } from "../ui/useDebounced";
import { useTRPC } from "../trpc/trpc";
import { BenchmarkFiles } from "./BenchmarkFiles";
import { ExportFilterFields } from "./ExportFilterFields";
import { ExportHistory } from "./ExportHistory";
import { RewardServerPanel } from "../rl/RewardServerPanel";
import { ExportPreview, PREVIEW_SIZES } from "./ExportPreview";

type Kind = "sft" | "dpo";
const FORMATS = FORMATS_BY_KIND;

/** Choose what to export and how, see how many rows that is, download it, and read past manifests. */
export function ExportPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>("sft");
  const [format, setFormat] = useState<string>(SFT_FORMATS[0].id);
  const [filters, setFilters] = useState<ExportFilters>(() => exportFiltersSchema.parse({}));
  const [benchmarkIds, setBenchmarkIds] = useState<number[]>([]);
  const [action, setAction] = useState<"exclude" | "flag">("exclude");
  const [waitingAfter, setWaitingAfter] = useState<number | null>(null);
  const [systemDraft, setSystemDraft] = useState("");

  const [allowEmpty, setAllowEmpty] = useState(false);
  const [previewSize, setPreviewSize] = useState<number>(PREVIEW_SIZES[0]);
  // Typing is debounced: the preview follows a pause, not every letter.
  const systemPrompt = useDebouncedValue(systemDraft, 300);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const counts = useQuery({
    ...trpc.export.count.queryOptions({ projectId, kind, filters }),
    placeholderData: keepPreviousData,
  });
  const history = useQuery({
    ...trpc.export.list.queryOptions({ projectId }),
    // A download records its export when the last byte is sent; poll until it shows up.
    refetchInterval: (q) =>
      waitingAfter !== null && !(q.state.data?.[0] && q.state.data[0].id > waitingAfter)
        ? 1_500
        : false,
  });
  const rows = counts.data?.at(-1)?.rows ?? null;
  const chosen = FORMATS[kind].find((f) => f.id === format) ?? FORMATS[kind][0]!;
  const system = chosen.systemSlot ? systemPrompt : "";
  const contamination = { benchmarkIds, action };
  const badRange =
    (filters.minScore !== null &&
      filters.maxScore !== null &&
      filters.minScore > filters.maxScore) ||
    (filters.minPassRate !== null &&
      filters.maxPassRate !== null &&
      filters.minPassRate > filters.maxPassRate);
  const preview = useQuery({
    ...trpc.export.preview.queryOptions({
      projectId,
      format: chosen.id,
      filters,
      contamination,
      systemPrompt: system,
      limit: previewSize,
    }),
    enabled: !badRange,
    placeholderData: keepPreviousData,
  });
  // The preview runs the contamination check too, so it also knows when that left nothing.
  const empty =
    rows === 0 ||
    (preview.data !== undefined && !preview.isPlaceholderData && preview.data.lines.length === 0);
  const emptyReason =
    preview.data?.emptyReason ?? (counts.data ? emptyExportReason(counts.data, kind) : null);
  const href = `/api/projects/${projectId}/export?${new URLSearchParams({
    format: chosen.id,
    filters: JSON.stringify(filters),
    contamination: JSON.stringify(contamination),
    ...(system.trim() ? { systemPrompt: system } : {}),
    ...(empty && allowEmpty ? { allowEmpty: "1" } : {}),
  }).toString()}`;

  // An export records itself, so the server starts it only from a same-origin POST, which
  // answers with a one-time download URL (app/api/projects/[projectId]/export/route.ts).
  async function download() {
    setDownloadError(null);
    try {
      const res = await fetch(href.slice(0, href.indexOf("?")), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: href.slice(href.indexOf("?") + 1) }),
      });
      const body = (await res.json()) as {
        url?: string;
        message?: string;
        error?: { message?: string };
      };
      if (!res.ok || !body.url)
        throw new Error(body.message ?? body.error?.message ?? `HTTP ${res.status}`);
      // The same download link as before, now with a one-time ticket.
      const link = document.createElement("a");
      link.href = body.url;
      link.download = "";
      link.click();
    } catch (e) {
      setWaitingAfter(null);
      setDownloadError(`Could not start the download: ${(e as Error).message}`);
    }
  }

  function switchKind(k: Kind) {
    setKind(k);
    setFormat(FORMATS[k][0]!.id);
  }

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Export</h1>
          <p className="subtitle">
            SFT examples and DPO pairs as JSONL in the formats trainers read, streamed from the
            database. Every export records a manifest of what went in. From a terminal:{" "}
            <code>
              npm run autoif -- export --project &lt;name&gt; --format {chosen.id} --out
              &lt;file&gt;
            </code>
            .
          </p>
        </div>
      </div>
      <div className="export-form">
        <section className="panel" aria-label="What to export">
          <div className="toolbar">
            <div className="segmented" role="group" aria-label="Kind">
              <button type="button" aria-pressed={kind === "sft"} onClick={() => switchKind("sft")}>
                SFT examples
              </button>
              <button type="button" aria-pressed={kind === "dpo"} onClick={() => switchKind("dpo")}>
                DPO pairs
              </button>
            </div>
            <label htmlFor="export-format">Format</label>
            <select
              id="export-format"
              value={chosen.id}
              onChange={(e) => setFormat(e.target.value)}
            >
              {FORMATS[kind].map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
            <span className="hint">
              <code>{chosen.shape}</code> for {chosen.trainer}
            </span>
          </div>
          <div className="export-field export-system">
            <label className="export-label" htmlFor="export-system">
              System prompt (optional)
            </label>
            <textarea
              id="export-system"
              value={chosen.systemSlot ? systemDraft : ""}
              disabled={!chosen.systemSlot}
              maxLength={SYSTEM_PROMPT_MAX}
              placeholder={
                chosen.systemSlot
                  ? "Written on every line in the format's system slot; empty writes none."
                  : `${chosen.label} has no system slot.`
              }
              onChange={(e) => setSystemDraft(e.target.value)}
            />
          </div>
          <ExportFilterFields kind={kind} filters={filters} onChange={setFilters} />
          <fieldset className="export-filters">
            <legend>Contamination check</legend>
            <BenchmarkFiles
              projectId={projectId}
              selected={benchmarkIds}
              onSelect={setBenchmarkIds}
            />
            {benchmarkIds.length > 0 ? (
              <div className="toolbar">
                <label htmlFor="export-contamination">
                  Rows sharing a word 13-gram with a checked file
                </label>
                <select
                  id="export-contamination"
                  value={action}
                  onChange={(e) => setAction(e.target.value as "exclude" | "flag")}
                >
                  <option value="exclude">are left out</option>
                  <option value="flag">are kept and listed in the manifest</option>
                </select>
              </div>
            ) : null}
          </fieldset>
        </section>
        <section className="panel" aria-label="Rows to export">
          <table className="grid compact" aria-label="Rows after each filter">
            <thead>
              <tr>
                <th>Filter</th>
                <th className="num">Rows</th>
              </tr>
            </thead>
            <tbody>
              {(counts.data ?? []).map((c, i, all) => (
                // The step that removed the last rows stands out, beside the message that names it.
                <tr
                  key={c.step}
                  className={
                    c.rows === 0 && i > 0 && all[i - 1]!.rows > 0 ? "export-removed-all" : undefined
                  }
                >
                  <td>{c.label}</td>
                  <td className="num">{c.rows.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ErrorAlert error={counts.error} title="Could not count rows" />
          {downloadError ? (
            <div role="alert" className="alert error">
              {downloadError}
            </div>
          ) : null}
          <div className="toolbar" style={{ marginTop: 10 }}>
            <output aria-live="polite" className="export-count">
              {rows === null
                ? "Counting…"
                : `${rows.toLocaleString()} ${kind === "sft" ? "example" : "pair"}${rows === 1 ? "" : "s"} to export`}
              {benchmarkIds.length > 0 && rows !== null ? ", before the contamination check" : ""}
            </output>
            {empty && !allowEmpty ? null : (
              <a
                className="button primary"
                href={href}
                download
                onClick={(e) => {
                  e.preventDefault();
                  setWaitingAfter(history.data?.[0]?.id ?? 0);
                  void download();
                }}
              >
                {empty ? "Download empty .jsonl" : "Download .jsonl"}
              </a>
            )}
          </div>
          {empty && emptyReason ? (
            <div className="alert info export-empty" role="status">
              <div>{emptyReason}</div>
              <label className="inline-check">
                <input
                  type="checkbox"
                  checked={allowEmpty}
                  onChange={(e) => setAllowEmpty(e.target.checked)}
                />
                Download an empty file anyway (it is never registered in dataset_info.json)
              </label>
            </div>
          ) : null}
        </section>
      </div>
      <ExportPreview
        lines={preview.data?.lines ?? null}
        emptyReason={preview.data?.emptyReason ?? null}
        error={preview.error}
        fetching={preview.isFetching}
        enabled={!badRange}
        limit={previewSize}
        onLimit={setPreviewSize}
      />
      <h2>Past exports</h2>
      <ErrorAlert error={history.error} title="Could not load past exports" />
      {history.data ? <ExportHistory exports={history.data} /> : null}
      <RewardServerPanel projectId={projectId} />
    </main>
  );
}
