"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/trpc";

/** Instructions, verifiers and test cases: kept, pending, dropped, and the drop reasons with counts. */
export function FunnelTable({ projectId, live }: { projectId: number; live: boolean }) {
  const trpc = useTRPC();
  const funnel = useQuery({
    ...trpc.run.funnel.queryOptions({ projectId }),
    refetchInterval: live ? 2_000 : false,
  });
  if (!funnel.data) return null;
  return (
    <section className="panel" aria-label="Funnel" style={{ marginTop: 12 }}>
      <h2>What the pipeline kept</h2>
      <table className="grid" aria-label="Funnel">
        <thead>
          <tr>
            <th>Items</th>
            <th className="num">Total</th>
            <th className="num">Kept</th>
            <th className="num">Pending</th>
            <th className="num">Dropped</th>
            <th>Drop reasons</th>
          </tr>
        </thead>
        <tbody>
          {funnel.data.map((row) => (
            <tr key={row.item}>
              <td>{row.item}</td>
              <td className="num">{row.total}</td>
              <td className="num">{row.kept}</td>
              <td className="num">{row.pending}</td>
              <td className="num">{row.dropped}</td>
              <td className="text-cell">
                {row.reasons.length === 0 ? (
                  <span className="hint">none</span>
                ) : (
                  <ul className="reasons">
                    {row.reasons.map((r) => (
                      <li key={r.reason}>
                        <span className="num">{r.count}</span> {r.reason}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Pending: waiting for a later stage (instructions become kept after back-translation).
      </p>
    </section>
  );
}
