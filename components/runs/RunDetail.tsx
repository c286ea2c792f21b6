"use client";

import { useQuery } from "@tanstack/react-query";
import { isLiveRun } from "@/lib/autoif/runStates";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";


/** One run: progress per stage and the units that failed, with the raw output that failed. */
export function RunDetail({ runId }: { runId: number }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.run.byId.queryOptions({ id: runId }),
    refetchInterval: (q) => (q.state.data && isLiveRun(q.state.data.state) ? 1_000 : false),
  });
  const usage = useQuery({
    ...trpc.run.usage.queryOptions({ id: runId }),
    refetchInterval: run.data && isLiveRun(run.data.state) ? 2_000 : false,
  });
  if (run.error) return <ErrorAlert error={run.error} />;
  if (!run.data) return null;
  const r = run.data;
  return (
    <section className="panel" aria-label={`Run ${runId}`} style={{ marginTop: 12 }}>
      <h2>Run #{r.id} · {r.state}</h2>
      <p className="hint">Config hash <code>{r.configHash.slice(0, 12)}</code> · generator {r.config.llm.generator.model} · judge {r.config.llm.judge.model} · preset thresholds as snapshotted when the run was created.</p>
      <table className="grid" aria-label="Stage progress">
        <thead><tr><th>Stage</th><th>State</th><th>Progress</th><th className="num">Done</th><th className="num">Total</th><th className="num">Failed</th></tr></thead>
        <tbody>
          {r.stages.length === 0 ? <tr><td colSpan={6} className="hint">Waiting for the job runner to pick the run up…</td></tr> : null}
          {r.stages.map((s) => (
            <tr key={s.stage}>
              <td>{s.stage}</td>
              <td>{s.state}</td>
              <td style={{ width: "40%" }}><progress aria-label={`${s.stage} progress`} max={Math.max(1, s.total)} value={s.done} style={{ width: "100%" }} /></td>
              <td className="num">{s.done}</td>
              <td className="num">{s.total}</td>
              <td className="num">{s.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {usage.data ? (
        <table className="grid" aria-label="Tokens and cost" style={{ marginTop: 12, maxWidth: 720 }}>
          <thead><tr><th>Role</th><th className="num">Calls</th><th className="num">Failed</th><th className="num">Tokens in</th><th className="num">Tokens out</th><th className="num">Cost (USD)</th></tr></thead>
          <tbody>
            {(["generator", "judge"] as const).map((role) => {
              const u = usage.data[role];
              return (
                <tr key={role}><td>{role}</td><td className="num">{u.calls.toLocaleString()}</td><td className="num">{u.failedCalls.toLocaleString()}</td><td className="num">{u.tokensIn.toLocaleString()}</td><td className="num">{u.tokensOut.toLocaleString()}</td><td className="num">{u.costUsd.toFixed(4)}</td></tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <h2 style={{ marginTop: 12 }}>Failed units ({r.failed.length})</h2>
      {r.failed.length === 0 ? <p className="hint">None.</p> : (
        // Fixed layout: raw output can be megabytes without spaces; it scrolls in its cell.
        <table className="grid fixed" aria-label="Failed units">
          <colgroup><col style={{ width: 170 }} /><col style={{ width: "35%" }} /><col /></colgroup>
          <thead><tr><th>Unit</th><th>Error</th><th>Raw output</th></tr></thead>
          <tbody>
            {r.failed.map((f) => (
              <tr key={f.id}>
                <td className="nowrap mono">{f.unitKey}</td>
                <td className="text-cell">{f.error}</td>
                <td>{f.raw ? <details><summary>{f.raw.length.toLocaleString()} characters</summary><pre className="text-cell mono raw">{f.raw}</pre></details> : <span className="hint">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
