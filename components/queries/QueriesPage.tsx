"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useRef, useState } from "react";
import { queryFormatFromFileName, queryFormats, type QueryFormat } from "@/lib/queries/queryRecord";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

const PAGE = 100;
type Outcome = { ok: true; text: string } | { ok: false; text: string };

/** The project's pool of real user queries: import a file (streamed to the server), browse, search. */
export function QueriesPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<QueryFormat | "auto">("auto");
  const [column, setColumn] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const deferred = useDeferredValue(search);
  const list = useQuery({
    ...trpc.query.list.queryOptions({ projectId, search: deferred, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
  });

  async function upload(file: File) {
    const chosen = format === "auto" ? queryFormatFromFileName(file.name) : format;
    if (!chosen)
      return setOutcome({
        ok: false,
        text: `${file.name}: choose the format (the name does not tell it).`,
      });
    setBusy(true);
    setOutcome(null);
    const params = new URLSearchParams({
      fileName: file.name,
      format: chosen,
      ...(column ? { column } : {}),
    });
    try {
      const res = await fetch(`/api/projects/${projectId}/queries?${params}`, {
        method: "POST",
        body: file,
        headers: { "content-type": "application/octet-stream" },
      });
      const body = (await res.json()) as {
        message?: string;
        imported?: number;
        read?: number;
        duplicates?: number;
        tooShort?: number;
        tooLong?: number;
      };
      if (!res.ok) setOutcome({ ok: false, text: body.message ?? `HTTP ${res.status}` });
      else {
        setOutcome({
          ok: true,
          text: `Imported ${body.imported} of ${body.read} queries from ${file.name} (${body.duplicates} duplicates, ${body.tooShort} too short, ${body.tooLong} too long skipped).`,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.query.pathKey() });
      }
    } catch (e) {
      setOutcome({ ok: false, text: `Upload failed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  const data = list.data;
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Queries</h1>
          <p className="subtitle">
            Real user queries that instructions are paired with (stage 5). Queries are kept when
            strictly between 20 and 300 characters by default and deduplicated.
          </p>
        </div>
      </div>
      <section className="toolbar panel" aria-label="Import queries">
        <label htmlFor="query-format">Format</label>
        <select
          id="query-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as QueryFormat | "auto")}
        >
          <option value="auto">from the file name</option>
          {queryFormats.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <label htmlFor="query-column">CSV column</label>
        <input
          id="query-column"
          type="text"
          placeholder="query or text"
          value={column}
          onChange={(e) => setColumn(e.target.value)}
          style={{ width: 120 }}
        />
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => fileRef.current?.click()}
        >
          {busy ? "Importing…" : "Import file…"}
        </button>
        <input
          ref={fileRef}
          type="file"
          hidden
          aria-label="Query pool file"
          accept=".jsonl,.ndjson,.json,.csv,.txt"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) void upload(f);
          }}
        />
        <span className="hint">
          JSONL ({"{"}&quot;query&quot;{"}"}, {"{"}&quot;text&quot;{"}"} or ShareGPT lines: the
          first human turn), a ShareGPT .json array, CSV or plain text. A bad line imports nothing
          and names the line.
        </span>
      </section>
      {outcome ? (
        <div
          role={outcome.ok ? "status" : "alert"}
          className={`alert ${outcome.ok ? "ok" : "error"}`}
        >
          {outcome.text}
        </div>
      ) : null}
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search queries"
          placeholder="Search text"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setOffset(0);
          }}
          style={{ width: 260 }}
        />
        <span className="spacer" />
        {data ? (
          <span className="hint" role="status">
            {data.total.toLocaleString()} queries
            {data.total > PAGE ? ` · ${offset + 1}-${Math.min(offset + PAGE, data.total)}` : ""}
          </span>
        ) : null}
        {data && data.total > PAGE ? (
          <>
            <button
              type="button"
              className="small"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <button
              type="button"
              className="small"
              disabled={offset + PAGE >= data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </>
        ) : null}
      </div>
      <ErrorAlert error={list.error} />
      {data && data.total === 0 && !search ? (
        <div className="empty">
          No queries yet. Import a pool file above; the pipeline pairs each kept instruction with
          queries from it.
        </div>
      ) : null}
      {data && data.rows.length > 0 ? (
        <table className="grid" aria-label="Queries">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Query</th>
              <th className="num">Length</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((q) => (
              <tr key={q.id}>
                <td className="num hint">{q.id}</td>
                <td className="text-cell">{q.text}</td>
                <td className="num">{q.length}</td>
                <td className="hint nowrap">
                  {q.sourceFile ? `${q.sourceFile}:${q.sourceLine}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
