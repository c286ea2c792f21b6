"use client";

import { shortWarning } from "@/lib/autoif/emptyResult";
import { useQuery } from "@tanstack/react-query";
import { isLiveRun } from "@/lib/autoif/runStates";
import type { RouterOutputs } from "../trpc/trpc";
import { useTRPC } from "../trpc/trpc";

type Shown = NonNullable<RouterOutputs["run"]["overview"]["shown"]>;

const rate = (v: number | null) => (v === null ? "" : v >= 10 ? v.toFixed(0) : v.toFixed(2));
function duration(seconds: number | null) {
  if (seconds === null) return "";
  const s = Math.round(seconds);
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * One run: all ten stages from the start (planned, running, done, skipped) with units/s, an ETA
 * and what each is doing, the warning of an empty result, tokens and cost, and the failed units.
 * The run comes from the page's overview query, the same answer the runs table shows.
 */
export function RunDetail({ run: r }: { run: Shown }) {
  const trpc = useTRPC();
  const live = isLiveRun(r.state);
  const usage = useQuery({
    ...trpc.run.usage.queryOptions({ id: r.id }),
    refetchInterval: live ? 2_000 : false,
  });
  return (
    <section className="panel" aria-label={`Run ${r.id}`} style={{ marginTop: 12 }}>
      <h2>
        Run #{r.id} · {r.state}
      </h2>
      {r.warning && shortWarning(r.warning) === "nothing new to do" ? (
        <div role="status" aria-label="Nothing new" className="alert info">
          {r.warning}
        </div>
      ) : null}
      {r.warning && shortWarning(r.warning) !== "nothing new to do" ? (
        <div role="alert" aria-label="Empty result" className="alert warn">
          {r.warning}
        </div>
      ) : null}
      {r.error ? (
        <div role="alert" className="alert error">
          {r.error}
        </div>
      ) : null}
      <p className="hint">
        Config hash <code>{r.configHash.slice(0, 12)}</code> · generator{" "}
        {r.config.llm.generator.model} · judge {r.config.llm.judge.model} · preset thresholds as
        snapshotted when the run was created.
      </p>
      {r.state === "queued" ? (
        <p className="hint">Waiting for the job runner to pick the run up…</p>
      ) : null}
      <table className="grid" aria-label="Stage progress">
        <thead>
          <tr>
            <th>Stage</th>
            <th>State</th>
            <th>Progress</th>
            <th className="num">Done</th>
            <th className="num">Total</th>
            <th className="num">Failed</th>
            <th className="num">Units/s</th>
            <th className="num">ETA</th>
            <th>Now</th>
          </tr>
        </thead>
        <tbody>
          {r.stages.map((s) => (
            <tr key={s.stage} className={s.state === "skipped" ? "hint" : undefined}>
              <td>{s.stage}</td>
              <td>
                <span className={`badge stage-${s.state}`}>{s.state}</span>
              </td>
              <td style={{ width: "22%" }}>
                {s.state === "skipped" ? null : (
                  <progress
                    aria-label={`${s.stage} progress`}
                    max={Math.max(1, s.total)}
                    value={s.done}
                    style={{ width: "100%" }}
                  />
                )}
              </td>
              <td className="num">
                {s.state === "skipped" || s.state === "planned" ? "" : s.done.toLocaleString("en")}
              </td>
              <td className="num">
                {s.state === "skipped" || s.state === "planned" ? "" : s.total.toLocaleString("en")}
              </td>
              <td className="num">{s.failed ? s.failed.toLocaleString("en") : ""}</td>
              <td className="num">{rate(s.unitsPerSecond)}</td>
              <td className="num">{duration(s.etaSeconds)}</td>
              <td className="text-cell" aria-label={`${s.stage} status`}>
                {s.status ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {usage.data ? (
        <table
          className="grid"
          aria-label="Tokens and cost"
          style={{ marginTop: 12, maxWidth: 720 }}
        >
          <thead>
            <tr>
              <th>Role</th>
              <th className="num">Calls</th>
              <th className="num">Failed</th>
              <th className="num">Tokens in</th>
              <th className="num">Tokens out</th>
              <th className="num">Cost (USD)</th>
            </tr>
          </thead>
          <tbody>
            {(["generator", "judge"] as const).map((role) => {
              const u = usage.data[role];
              return (
                <tr key={role}>
                  <td>{role}</td>
                  <td className="num">{u.calls.toLocaleString()}</td>
                  <td className="num">{u.failedCalls.toLocaleString()}</td>
                  <td className="num">{u.tokensIn.toLocaleString()}</td>
                  <td className="num">{u.tokensOut.toLocaleString()}</td>
                  <td className="num">{u.costUsd.toFixed(4)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <h2 style={{ marginTop: 12 }}>Failed units ({r.failed.length})</h2>
      {r.failed.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        // Fixed layout: raw output can be megabytes without spaces; it scrolls in its cell.
        <table className="grid fixed" aria-label="Failed units">
          <colgroup>
            <col style={{ width: 170 }} />
            <col style={{ width: "35%" }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th>Unit</th>
              <th>Error</th>
              <th>Raw output</th>
            </tr>
          </thead>
          <tbody>
            {r.failed.map((f) => (
              <tr key={f.id}>
                <td className="nowrap mono">{f.unitKey}</td>
                <td className="text-cell">{f.error}</td>
                <td>
                  {f.raw ? (
                    <details>
                      <summary>{f.raw.length.toLocaleString()} characters</summary>
                      <pre className="text-cell mono raw">{f.raw}</pre>
                    </details>
                  ) : (
                    <span className="hint">none</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
