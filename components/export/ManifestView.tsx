"use client";

import type { ExportManifest } from "@/lib/formats/manifest";
import { GuidelinesText } from "../guidelines/GuidelinesText";

const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(0)}%`);

/** One export's manifest: the numbers a researcher checks first, then the whole JSON. */
export function ManifestView({ manifest }: { manifest: ExportManifest }) {
  const m = manifest;
  function downloadManifest() {
    const url = URL.createObjectURL(
      new Blob([`${JSON.stringify(m, null, 2)}\n`], { type: "application/json" }),
    );
    const a = document.createElement("a");
    a.href = url;
    a.download = m.file.name.replace(/\.jsonl?$/i, "") + ".manifest.json";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }
  return (
    <section className="panel" aria-label="Manifest">
      <div className="toolbar">
        <strong>{m.file.name}</strong>
        <span className="spacer" />
        <button type="button" className="small" onClick={downloadManifest}>
          Download manifest
        </button>
      </div>
      <table className="grid compact" aria-label="Rows after each filter">
        <thead>
          <tr>
            <th>Filter</th>
            <th className="num">Rows</th>
          </tr>
        </thead>
        <tbody>
          {m.counts.map((c) => (
            <tr key={c.step}>
              <td>{c.label}</td>
              <td className="num">{c.rows.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          {m.file.rows.toLocaleString()} rows, {m.file.bytes.toLocaleString()} bytes, sha256{" "}
          <code>{m.file.sha256}</code>
        </dd>
        <dt>Runs</dt>
        <dd>
          {m.runs.length === 0
            ? "none recorded"
            : m.runs
                .map((r) => `#${r.id} (${r.rows} rows, config ${r.configHash.slice(0, 10)}…)`)
                .join(", ")}
          {m.rowsWithoutRun > 0 ? `; ${m.rowsWithoutRun} rows without a run` : ""}
        </dd>
        <dt>Verifiers</dt>
        <dd>
          {m.verifiers.kept} kept over {m.verifiers.instructions} instructions; by version{" "}
          {Object.entries(m.verifiers.byVersion)
            .map(([v, n]) => `v${v}: ${n}`)
            .join(", ") || "none"}
        </dd>
        <dt>Review</dt>
        <dd>
          {m.review.reviewed} reviewed, {pct(m.review.pipelineAgreement)} agree with the pipeline;{" "}
          {m.review.multiReviewed} with several reviewers, {pct(m.review.interReviewerAgreement)}{" "}
          reviewer agreement
        </dd>
        <dt>System prompt</dt>
        <dd>{m.systemPrompt ? m.systemPrompt : "none"}</dd>
        <dt>Prompts</dt>
        <dd>
          {Object.entries(m.promptVersions)
            .map(([k, v]) => `${k} v${v}`)
            .join(", ")}
        </dd>
        <dt>Contamination</dt>
        <dd>
          {m.contamination
            ? `${m.contamination.matches} match(es) of word ${m.contamination.ngram}-grams against ${m.contamination.benchmarks.map((b) => `${b.name} (${b.sha256.slice(0, 10)}…)`).join(", ")}, ${m.contamination.action === "exclude" ? "excluded" : "flagged and kept"}`
            : "not checked"}
        </dd>
        <dt>Guidelines</dt>
        <dd>
          {m.guidelines ? (
            <span className="hint">
              as they stood when the file was written: changed{" "}
              {m.guidelines.updatedAt
                ? new Date(m.guidelines.updatedAt).toLocaleString()
                : "at an unknown time"}
              , sha256 <code>{m.guidelines.sha256.slice(0, 12)}…</code>
            </span>
          ) : (
            "none written for this project"
          )}
        </dd>
        <dt>Tool</dt>
        <dd>
          autoif-studio {m.tool.version}, {new Date(m.createdAt).toLocaleString()}
        </dd>
      </dl>
      {m.guidelines ? (
        <section className="manifest-guidelines" aria-label="Guidelines in the manifest">
          <GuidelinesText text={m.guidelines.text} />
        </section>
      ) : null}
      {m.datasetInfo ? (
        <>
          <p className="hint">
            LLaMA-Factory: add this entry to <code>dataset_info.json</code> in the folder that holds
            the file (CLI exports do it for you).
          </p>
          <pre className="code" aria-label="dataset_info.json entry">
            {JSON.stringify(m.datasetInfo, null, 2)}
          </pre>
        </>
      ) : null}
      <details>
        <summary>Whole manifest (JSON)</summary>
        <pre className="code">{JSON.stringify(m, null, 2)}</pre>
      </details>
    </section>
  );
}
