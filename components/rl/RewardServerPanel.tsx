"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

const pct = (x: number | null) => (x === null ? "–" : x.toFixed(3));

/**
 * The reward server's recent requests (counts only, never a text) and where to send them: the
 * studio's own route and the `rewards serve` command. Refreshed every few seconds while open.
 */
export function RewardServerPanel({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.rewards.summary.queryOptions({ projectId }),
    refetchInterval: 5_000,
  });
  const data = summary.data;
  return (
    <section aria-label="Reward server">
      <h2>Reward server</h2>
      <p className="hint">
        Trainers POST OpenRLHF&apos;s <code>{"{query, prompts, labels}"}</code> to{" "}
        <code>/api/projects/{projectId}/rewards</code> here, or to{" "}
        <code>npm run autoif -- rewards serve --project {projectId}</code> on a port of its own;
        labels are the instruction keys the RLVR exports write. See docs/rl.md.
      </p>
      <ErrorAlert error={summary.error} title="Could not load the reward server's log" />
      {data ? (
        <>
          <p>
            {data.split
              ? `Split: seed ${data.split.seed}, test share ${data.split.testFraction} (${data.split.instructions.test} test instructions refused unless split=any).`
              : "No split: every instruction is scored."}{" "}
            {data.totals.requests} requests, {data.totals.refused} refused, {data.totals.items}{" "}
            items ({data.totals.unscored} unscored, {data.totals.verifierErrors} verifier errors in{" "}
            {data.totals.evaluations} evaluations), mean reward {pct(data.totals.meanReward)}.
          </p>
          {data.recent.length === 0 ? (
            <div className="empty">No reward requests yet.</div>
          ) : (
            <table className="grid" aria-label="Recent reward requests">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>When</th>
                  <th>From</th>
                  <th className="num">Status</th>
                  <th className="num">Items</th>
                  <th className="num">Labels</th>
                  <th className="num">Unscored</th>
                  <th className="num">Errors</th>
                  <th className="num">Mean reward</th>
                  <th className="num">ms</th>
                  <th>Refused because</th>
                </tr>
              </thead>
              <tbody>
                {data.recent.map((r) => (
                  <tr key={r.id}>
                    <td className="num">{r.id}</td>
                    <td>{new Date(r.at).toLocaleString()}</td>
                    <td>{r.origin}</td>
                    <td className="num">{r.status}</td>
                    <td className="num">{r.items}</td>
                    <td className="num">{r.labels}</td>
                    <td className="num">{r.unscored}</td>
                    <td className="num">{r.verifierErrors}</td>
                    <td className="num">{pct(r.meanReward)}</td>
                    <td className="num">{Math.round(r.durationMs)}</td>
                    <td>{r.message ?? ""}</td>
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
