"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { Histogram } from "./Histogram";

const fraction = (v: number) => v.toFixed(1);
const show = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

/** Two finished runs side by side: kept counts per item, pass-rate and score histograms, and the knobs that differ. */
export function RunCompare({
  projectId,
  runs,
}: {
  projectId: number;
  runs: Array<{ id: number; state: string }>;
}) {
  const trpc = useTRPC();
  const finished = runs.filter((r) => r.state === "finished");
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const left = a ?? finished[1]?.id ?? null;
  const right = b ?? finished[0]?.id ?? null;
  const compare = useQuery({
    ...trpc.run.compare.queryOptions({ projectId, a: left ?? 0, b: right ?? 0 }),
    enabled: left !== null && right !== null && left !== right,
  });
  if (finished.length < 2) return null;
  const c = compare.data;
  const select = (id: string, label: string, value: number | null, set: (v: number) => void) => (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ""} onChange={(e) => set(Number(e.target.value))}>
        {finished.map((r) => (
          <option key={r.id} value={r.id}>
            #{r.id}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <section className="panel" aria-label="Compare runs" style={{ marginTop: 12 }}>
      <h2>Compare two runs</h2>
      <p className="hint">
        Each finished run keeps the project&apos;s funnel and histograms as they were at its end.
      </p>
      <div className="toolbar">
        {select("compare-a", "Run", left, setA)}
        {select("compare-b", "beside run", right, setB)}
      </div>
      {left === right ? <p className="hint">Choose two different runs.</p> : null}
      <ErrorAlert error={compare.error} />
      {c ? (
        <>
          {!c.a.summary || !c.b.summary ? (
            <p className="hint">
              A run that finished before this studio version recorded no summary; only its settings
              can be compared.
            </p>
          ) : null}
          <table className="grid" aria-label="Kept per item in both runs" style={{ maxWidth: 720 }}>
            <thead>
              <tr>
                <th>Items</th>
                <th className="num">Run #{c.a.id} kept</th>
                <th className="num">of</th>
                <th className="num">Run #{c.b.id} kept</th>
                <th className="num">of</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {(c.b.summary?.funnel ?? c.a.summary?.funnel ?? []).map((row) => {
                const fa = c.a.summary?.funnel.find((f) => f.item === row.item);
                const fb = c.b.summary?.funnel.find((f) => f.item === row.item);
                const delta = fa && fb ? fb.kept - fa.kept : null;
                return (
                  <tr key={row.item}>
                    <td>{row.item}</td>
                    <td className="num">{fa?.kept.toLocaleString("en") ?? "—"}</td>
                    <td className="num">{fa?.total.toLocaleString("en") ?? "—"}</td>
                    <td className="num">{fb?.kept.toLocaleString("en") ?? "—"}</td>
                    <td className="num">{fb?.total.toLocaleString("en") ?? "—"}</td>
                    <td className={`num${delta ? " changed-value" : ""}`}>
                      {delta === null ? "" : delta > 0 ? `+${delta}` : String(delta)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="chart-grid" style={{ marginTop: 12 }}>
            {c.a.summary ? (
              <Histogram
                title={`Response pass rate, run #${c.a.id}`}
                bins={c.a.summary.histograms.passRate}
                format={fraction}
                unit="responses"
              />
            ) : null}
            {c.b.summary ? (
              <Histogram
                title={`Response pass rate, run #${c.b.id}`}
                bins={c.b.summary.histograms.passRate}
                format={fraction}
                unit="responses"
              />
            ) : null}
            {c.a.summary ? (
              <Histogram
                title={`Judge score, run #${c.a.id}`}
                bins={c.a.summary.histograms.score}
                format={(v) => v.toFixed(0)}
                unit="scored responses"
              />
            ) : null}
            {c.b.summary ? (
              <Histogram
                title={`Judge score, run #${c.b.id}`}
                bins={c.b.summary.histograms.score}
                format={(v) => v.toFixed(0)}
                unit="scored responses"
              />
            ) : null}
          </div>
          <h3>Settings that differ</h3>
          {c.configDiff.length === 0 ? (
            <p className="hint">Both runs used the same settings.</p>
          ) : (
            <table className="grid" aria-label="Settings that differ" style={{ maxWidth: 720 }}>
              <thead>
                <tr>
                  <th>Setting</th>
                  <th>Run #{c.a.id}</th>
                  <th>Run #{c.b.id}</th>
                </tr>
              </thead>
              <tbody>
                {c.configDiff.map((d) => (
                  <tr key={d.field}>
                    <td className="mono">{d.field}</td>
                    <td className="text-cell">{show(d.a)}</td>
                    <td className="text-cell">{show(d.b)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}
