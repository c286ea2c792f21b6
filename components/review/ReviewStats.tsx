"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc/trpc";

function seconds(s: number | null) {
  if (s === null) return "–";
  return s < 60
    ? `${s.toFixed(s < 10 ? 1 : 0)} s`
    : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Verdicts per reviewer and their median time per item, in a panel opened on demand. */
export function ReviewStats({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const stats = useQuery({ ...trpc.review.stats.queryOptions({ projectId }), enabled: open });
  return (
    <details className="review-stats" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Review stats</summary>
      {!stats.data ? (
        <p className="hint">Loading…</p>
      ) : stats.data.length === 0 ? (
        <p className="hint">No verdicts yet.</p>
      ) : (
        <table className="grid" aria-label="Verdicts per reviewer">
          <thead>
            <tr>
              <th>Reviewer</th>
              <th className="num">Approved</th>
              <th className="num">Rejected</th>
              <th className="num">Cleared</th>
              <th className="num">Undone</th>
              <th className="num">Bulk verdicts (items)</th>
              <th
                className="num"
                title="gaps between consecutive one-item verdicts; breaks over 10 minutes left out"
              >
                Median time per item
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.data.map((s) => (
              <tr key={s.reviewer}>
                <td className="text-cell">{s.reviewer}</td>
                <td className="num">{s.approve.toLocaleString("en")}</td>
                <td className="num">{s.reject.toLocaleString("en")}</td>
                <td className="num">{s.clear.toLocaleString("en")}</td>
                <td className="num">{s.undone.toLocaleString("en")}</td>
                <td className="num">
                  {s.bulk.toLocaleString("en")} ({s.bulkItems.toLocaleString("en")})
                </td>
                <td className="num">{seconds(s.medianSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
