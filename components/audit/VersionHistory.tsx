"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { MonacoDiff } from "./MonacoDiff";
import { pct } from "./outcomeOf";
import { LANGUAGE_NAMES } from "../verifier/languageNames";

/** Every version of a verifier, and a diff between two of them (by default the last two). */
export function VersionHistory({
  verifierId,
  number,
}: {
  verifierId: number;
  /** Its per-project number, as the page names it. */ number: number | null;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.verifier.versions.queryOptions({ id: verifierId }));
  const [pair, setPair] = useState<[number, number] | null>(null);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <p className="hint">Loading versions…</p>;
  const versions = q.data;
  const [from, to] = pair ?? [Math.max(0, versions.length - 2), versions.length - 1];
  const a = versions[from],
    b = versions[to];
  return (
    <div className="version-history">
      <table className="grid compact" aria-label={`Versions of verifier #${number}`}>
        <thead>
          <tr>
            <th>Version</th>
            <th>Language</th>
            <th>By</th>
            <th>Saved</th>
            <th>Status</th>
            <th className="num">Accuracy</th>
            <th>Compare</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => (
            <tr key={v.id}>
              <td className="nowrap">
                version {v.version} <span className="hint">#{v.number}</span>
              </td>
              <td>{LANGUAGE_NAMES[v.language]}</td>
              <td>{v.origin === "llm" ? "LLM" : (v.author ?? "user")}</td>
              <td className="nowrap hint">{new Date(v.createdAt).toLocaleString()}</td>
              <td>
                <span className={`badge status-${v.pipelineStatus}`}>{v.pipelineStatus}</span>{" "}
                <span className="hint">{v.dropReason ?? ""}</span>
              </td>
              <td className="num">{pct(v.accuracy)}</td>
              <td className="nowrap">
                <label className="inline-check">
                  <input
                    type="radio"
                    name={`from-${verifierId}`}
                    checked={i === from}
                    onChange={() => setPair([i, to])}
                  />
                  old
                </label>
                <label className="inline-check">
                  <input
                    type="radio"
                    name={`to-${verifierId}`}
                    checked={i === to}
                    onChange={() => setPair([from, i])}
                  />
                  new
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length < 2 ? (
        <p className="hint">Only one version so far: edit and save to make version 2.</p>
      ) : null}
      {a && b && versions.length > 1 ? (
        <>
          <p className="hint">
            Diff: version {a.version} → version {b.version}
            {a.language !== b.language
              ? ` (the language changed: ${LANGUAGE_NAMES[a.language]} → ${LANGUAGE_NAMES[b.language]})`
              : ""}
          </p>
          <MonacoDiff
            original={a}
            modified={b}
            label={`Diff of version ${a.version} and version ${b.version}`}
          />
        </>
      ) : null}
    </div>
  );
}
