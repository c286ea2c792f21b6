"use client";

import { shortWarning } from "@/lib/autoif/emptyResult";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { isResumableRun } from "@/lib/autoif/runStates";
import { LLM_STAGES, type LlmStage } from "@/lib/autoif/llmStages";
import { ErrorAlert } from "../ui/ErrorAlert";
import { BatchPanel } from "./BatchPanel";
import { useTRPC } from "../trpc/trpc";
import { FunnelTable } from "./FunnelTable";
import { ReplayPanel } from "./ReplayPanel";
import { RunCompare } from "./RunCompare";
import { RunDashboard } from "./RunDashboard";
import { RunDetail } from "./RunDetail";

const STAGES = [
  "augment",
  "verify-gen",
  "cross-validate",
  "back-translate",
  "compose",
  "pair-queries",
  "respond",
  "execute",
  "score",
  "pairs",
] as const;
type Stage = (typeof STAGES)[number];

/** Start, stop and resume pipeline runs; watch their stages live; see what was kept and why not. */
export function RunsPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState<Stage>("augment");
  const [to, setTo] = useState<Stage>("pairs");
  // "live", "all" (every LLM stage offline) or one LLM stage offline.
  const [mode, setMode] = useState<string>("live");
  const [selected, setSelected] = useState<number | null>(null);
  // One query for the runs table and the shown run's stages: both always show the same state.
  const overview = useQuery({
    ...trpc.run.overview.queryOptions({ projectId, runId: selected }),
    refetchInterval: (q) => (q.state.data?.live ? 1_000 : false),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.run.pathKey() });
  const start = useMutation(
    trpc.run.start.mutationOptions({
      onSuccess: (run) => {
        setSelected(run.id);
        void invalidate();
      },
    }),
  );
  const stop = useMutation(trpc.run.stop.mutationOptions({ onSuccess: invalidate }));
  const resume = useMutation(trpc.run.resume.mutationOptions({ onSuccess: invalidate }));
  const runs = { data: overview.data?.runs, error: overview.error };
  const shown = overview.data?.shown?.id ?? null;
  const live = overview.data?.live ?? false;

  // When any run changes state (above all: a live run finishes), everything else on the page is
  // fetched again, so the funnel, charts, usage and replay end on the run's final numbers.
  const signature = overview.data?.runs.map((r) => `${r.id}:${r.state}`).join(",");
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (signature === undefined) return;
    if (seen.current !== undefined && seen.current !== signature) {
      const overviewKey = JSON.stringify(trpc.run.overview.pathKey()[0]);
      void queryClient.invalidateQueries({
        predicate: (q) => JSON.stringify(q.queryKey[0]) !== overviewKey,
      });
    }
    seen.current = signature;
  }, [signature, queryClient, trpc]);

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="subtitle">
            A run executes the pipeline stages on the server with a snapshot of this project&apos;s
            settings. Every LLM call is logged before it is used, so a stopped or crashed run
            resumes without paying twice. The same runs can be started with{" "}
            <code>npm run autoif -- run --project &lt;name&gt;</code>.
          </p>
        </div>
      </div>
      <form
        className="toolbar panel"
        aria-label="Start a run"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({
            projectId,
            from,
            to,
            batchStages:
              mode === "live" ? undefined : mode === "all" ? [...LLM_STAGES] : [mode as LlmStage],
          });
        }}
      >
        <label htmlFor="run-from">From</label>
        <select id="run-from" value={from} onChange={(e) => setFrom(e.target.value as Stage)}>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor="run-to">to</label>
        <select id="run-to" value={to} onChange={(e) => setTo(e.target.value as Stage)}>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor="run-mode">LLM calls</label>
        <select id="run-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
          <option value="live">live</option>
          <option value="all">offline batch files: every LLM stage</option>
          {LLM_STAGES.map((s) => (
            <option key={s} value={s}>
              offline batch files: {s}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={start.isPending}>
          Start run
        </button>
        <span className="hint">
          Stages 1-4 write instructions and verifiers; 5-9 need a query pool (Queries page).
        </span>
      </form>
      <ErrorAlert error={start.error ?? stop.error ?? resume.error} />
      <ErrorAlert error={runs.error} title="Could not load runs" />
      {runs.data && runs.data.length === 0 ? (
        <div className="empty">
          No runs yet. Check the LLM endpoint on the Settings page, then start a run above.
        </div>
      ) : null}
      {runs.data && runs.data.length > 0 ? (
        <table className="grid" aria-label="Runs">
          <thead>
            <tr>
              <th className="num">Run</th>
              <th>State</th>
              <th>Stages</th>
              <th>Started</th>
              <th>Finished</th>
              <th>Error or warning</th>
              <th className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((r) => (
              <tr
                key={r.id}
                aria-selected={r.id === shown}
                className={r.id === shown ? "selected" : undefined}
              >
                <td className="num">
                  <button type="button" className="link" onClick={() => setSelected(r.id)}>
                    #{r.id}
                  </button>
                </td>
                <td>
                  <span className={`badge state-${r.state}`}>{r.state}</span>
                </td>
                <td className="nowrap">
                  {r.fromStage} → {r.toStage}
                </td>
                <td className="nowrap">{r.startedAt?.toLocaleString() ?? ""}</td>
                <td className="nowrap">{r.finishedAt?.toLocaleString() ?? ""}</td>
                <td className="text-cell">
                  {r.error ??
                    (r.warning ? (
                      <span className="field-error" title={r.warning}>
                        {shortWarning(r.warning)}
                      </span>
                    ) : (
                      ""
                    ))}
                </td>
                <td className="actions">
                  {r.state === "running" || r.state === "queued" ? (
                    <button
                      type="button"
                      className="small"
                      onClick={() => stop.mutate({ id: r.id })}
                    >
                      Stop
                    </button>
                  ) : null}
                  {isResumableRun(r.state) ? (
                    <button
                      type="button"
                      className="small"
                      onClick={() => resume.mutate({ id: r.id })}
                    >
                      Resume
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {overview.data?.shown ? <RunDetail run={overview.data.shown} /> : null}
      {overview.data?.shown ? (
        <BatchPanel
          projectId={projectId}
          runId={overview.data.shown.id}
          runState={overview.data.shown.state}
        />
      ) : null}
      <FunnelTable projectId={projectId} live={live} />
      <RunDashboard projectId={projectId} runId={shown} live={live} />
      {runs.data ? <RunCompare projectId={projectId} runs={runs.data} /> : null}
      {runs.data?.some((r) => r.state === "finished") ? (
        <ReplayPanel projectId={projectId} />
      ) : null}
    </main>
  );
}
