"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/trpc";

const verdictLabel = { approve: "approved", reject: "rejected", clear: "cleared" } as const;

/** Every verdict on an item, newest first, with who gave it and why; the first line is the status. */
export function ReviewHistory({
  projectId,
  itemKind,
  itemId,
}: {
  projectId: number;
  itemKind: "response" | "pair";
  itemId: number;
}) {
  const trpc = useTRPC();
  const history = useQuery(trpc.review.history.queryOptions({ projectId, itemKind, itemId }));
  return (
    <section aria-label="Review history">
      <h3>Review history</h3>
      {!history.data ? (
        <p className="hint">Loading…</p>
      ) : history.data.length === 0 ? (
        <p className="hint">No verdicts yet.</p>
      ) : (
        <ol className="review-history">
          {history.data.map((h, i) => (
            <li key={h.id} className={i === 0 ? "latest" : undefined}>
              <span className={`badge review-${h.verdict}`}>{verdictLabel[h.verdict]}</span> by{" "}
              <strong>{h.reviewer}</strong>{" "}
              <span className="hint">{h.createdAt.toLocaleString()}</span>
              {h.reason ? <div className="text-cell">{h.reason}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
