"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/trpc";

const nouns = { instructions: "instructions", responses: "responses", pairs: "pairs" } as const;

/** "Reviewed N of M responses" over the whole project, with a bar; follows every verdict. */
export function ReviewProgress({
  projectId,
  kind,
}: {
  projectId: number;
  kind: keyof typeof nouns;
}) {
  const trpc = useTRPC();
  const progress = useQuery(trpc.review.progress.queryOptions({ projectId }));
  const p = progress.data?.[kind];
  return p ? <ProgressText kind={kind} {...p} /> : null;
}

/** The progress line itself, for a page that already holds the counts. */
export function ProgressText({
  kind,
  reviewed,
  total,
}: {
  kind: keyof typeof nouns;
  reviewed: number;
  total: number;
}) {
  const p = { reviewed, total };
  return (
    <span
      className="hint review-progress"
      role="status"
      aria-label={`Review progress of ${nouns[kind]}`}
    >
      Reviewed {p.reviewed.toLocaleString("en")} of {p.total.toLocaleString("en")} {nouns[kind]}
      <progress max={Math.max(1, p.total)} value={p.reviewed} aria-hidden="true" />
    </span>
  );
}
