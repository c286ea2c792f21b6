"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import type { RouterOutputs } from "../trpc/trpc";
import { useTRPC } from "../trpc/trpc";

type Report = RouterOutputs["batch"]["import"];

const size = (bytes: number) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;

/**
 * A run's offline batches: which stage waits on which input files (their path on the server's
 * disk and how to run them), the import of output and error files from this browser with its
 * report, the Batch API buttons, and Continue once the answers are in.
 */
export function BatchPanel({
  projectId,
  runId,
  runState,
}: {
  projectId: number;
  runId: number;
  runState: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [allowMissing, setAllowMissing] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [reading, setReading] = useState(false);
  const status = useQuery(trpc.batch.status.queryOptions({ projectId, runId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.batch.pathKey() });
  const importFiles = useMutation(
    trpc.batch.import.mutationOptions({
      onSuccess: (r) => {
        setReport(r);
        void refresh();
      },
    }),
  );
  const submit = useMutation(trpc.batch.submit.mutationOptions({ onSuccess: refresh }));
  const fetchResults = useMutation(
    trpc.batch.fetch.mutationOptions({
      onSuccess: (r) => {
        if (r.report) setReport(r.report);
        void refresh();
      },
    }),
  );
  const resume = useMutation(
    trpc.run.resume.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const data = status.data;
  if (!data || (data.batchStages.length === 0 && data.jobs.length === 0)) return null;
  const waiting = data.jobs.filter((j) => j.state === "waiting");
  const ready = runState === "paused" && data.jobs.length > 0;

  async function onFiles(list: FileList | null) {
    if (!list || list.length === 0) return;
    setReading(true);
    try {
      const files = await Promise.all(
        [...list].map(async (f) => ({ name: f.name, text: await f.text() })),
      );
      importFiles.mutate({ projectId, files, allowMissing });
    } finally {
      setReading(false);
    }
  }

  return (
    <section className="panel" aria-label="Offline batches" style={{ marginTop: 12 }}>
      <h2>Offline batches</h2>
      <p className="hint">
        Offline stages: {data.batchStages.join(", ") || "none"}. Their requests that the call log
        cannot answer are written as OpenAI Batch JSONL files; run them with{" "}
        <code>vllm run-batch -i &lt;file&gt; -o &lt;output&gt;</code> or a Batch API, then import
        the output here.
      </p>
      {waiting.length === 0 ? <p className="hint">No stage is waiting for batch answers.</p> : null}
      {waiting.map((job) => (
        <div key={job.id} role="status" aria-label={`Batch ${job.id}`} className="alert info">
          Stage <strong>{job.stage}</strong> waits for batch #{job.id}: {job.waiting} of{" "}
          {job.waiting + job.imported + job.failed} requests without an answer, files in{" "}
          <code>{job.dir}</code>.
        </div>
      ))}
      {data.jobs.length > 0 ? (
        <table className="grid" aria-label="Batch files">
          <thead>
            <tr>
              <th className="num">Batch</th>
              <th>Stage</th>
              <th>File</th>
              <th>Role</th>
              <th>Model</th>
              <th className="num">Lines</th>
              <th className="num">Size</th>
              <th className="num">Waiting</th>
              <th className="num">Imported</th>
              <th className="num">Failed</th>
              <th>Batch API</th>
            </tr>
          </thead>
          <tbody>
            {data.jobs.flatMap((j) =>
              j.files.map((f) => (
                <tr key={f.id}>
                  <td className="num">#{j.id}</td>
                  <td>{j.stage}</td>
                  <td className="text-cell" title={f.path ?? undefined}>
                    <code>{f.name}</code>
                  </td>
                  <td>{f.role}</td>
                  <td>{f.model}</td>
                  <td className="num">{f.lines}</td>
                  <td className="num">{size(f.bytes)}</td>
                  <td className="num">{f.waiting}</td>
                  <td className="num">{f.imported}</td>
                  <td className="num">{f.failed}</td>
                  <td>{f.apiBatchId ? `${f.apiBatchId} · ${f.apiStatus ?? ""}` : ""}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      ) : null}
      <div className="toolbar" style={{ marginTop: 8 }}>
        <label htmlFor={inputId}>Import output files</label>
        <input
          id={inputId}
          type="file"
          accept=".jsonl,.json,.txt"
          multiple
          disabled={importFiles.isPending || reading}
          onChange={(e) => {
            void onFiles(e.target.files);
            e.target.value = "";
          }}
        />
        <label>
          <input
            type="checkbox"
            checked={allowMissing}
            onChange={(e) => setAllowMissing(e.target.checked)}
          />{" "}
          Import what is there when lines are missing
        </label>
        {waiting.length ? (
          <>
            <button
              type="button"
              className="small"
              disabled={submit.isPending}
              onClick={() => submit.mutate({ projectId, runId })}
            >
              Submit to Batch API
            </button>
            <button
              type="button"
              className="small"
              disabled={fetchResults.isPending}
              onClick={() => fetchResults.mutate({ projectId, runId })}
            >
              Check Batch API
            </button>
          </>
        ) : null}
        {ready ? (
          <button
            type="button"
            className="primary"
            disabled={resume.isPending}
            onClick={() => resume.mutate({ id: runId })}
          >
            Continue run
          </button>
        ) : null}
      </div>
      <p className="hint">
        Give an error file together with its output file. Files up to the server&apos;s JSON body
        limit (32 MB by default) import here; larger ones with{" "}
        <code>npm run autoif -- batch import</code>.
      </p>
      <ErrorAlert
        error={
          importFiles.error ?? submit.error ?? fetchResults.error ?? resume.error ?? status.error
        }
      />
      {submit.data ? (
        <div role="status" className="alert info">
          Submitted {submit.data.length} file(s):{" "}
          {submit.data.map((s) => `${s.file} → ${s.batchId} (${s.status})`).join(", ")}
        </div>
      ) : null}
      {fetchResults.data && !fetchResults.data.report ? (
        <div role="status" className="alert info">
          Batch API:{" "}
          {fetchResults.data.files.map((f) => `${f.file}: ${f.status}`).join(", ") ||
            "nothing submitted is waiting"}
        </div>
      ) : null}
      {report ? <ImportReport report={report} /> : null}
    </section>
  );
}

function ImportReport({ report }: { report: Report }) {
  if (!report.ok) {
    return (
      <div role="alert" aria-label="Import report" className="alert error">
        Nothing imported: {report.problems.length} problem(s).
        <ul>
          {report.problems.map((p, i) => (
            <li key={i}>
              {p.file}
              {p.line === null ? "" : ` line ${p.line}`}
              {p.field ? ` (${p.field})` : ""}: {p.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div role="status" aria-label="Import report" className="alert ok">
      Imported {report.imported} answer(s), {report.failed} failed, {report.alreadyImported} already
      imported before{report.missing ? `, ${report.missing} still without a line` : ""}.
      {report.jobs.every((j) => j.waiting === 0)
        ? " Every request has its answer: continue the run."
        : ` ${report.jobs.reduce((a, j) => a + j.waiting, 0)} request(s) still wait.`}
      {report.errors.length ? (
        <ul>
          {report.errors.map((e, i) => (
            <li key={i}>
              error line {e.file}:{e.line}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
