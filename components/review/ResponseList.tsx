"use client";

import type { RouterOutputs } from "../trpc/trpc";
import { VirtualList } from "./VirtualList";

export type ResponseRow = RouterOutputs["response"]["page"][number];

/** A compound response's outcome per constraint: one mark each (satisfied or not), and how many of how many. */
export function ConstraintMarks({
  outcomes,
}: {
  outcomes: NonNullable<ResponseRow["constraintOutcomes"]>;
}) {
  const met = outcomes.constraints.filter((c) => c.satisfied).length;
  return (
    <span
      className="num"
      aria-label={`constraints: ${met} of ${outcomes.constraints.length} satisfied`}
    >
      constraints{" "}
      {outcomes.constraints.map((c) => (
        <span
          key={c.instructionId}
          className={`outcome outcome-${c.satisfied ? "pass" : "fail"}`}
          title={`#${c.number ?? c.instructionId}: ${c.satisfied ? "satisfied" : "not satisfied"} (pass rate ${c.passRate === null ? "none counted" : `${Math.round(c.passRate * 100)}%`})`}
        >
          {c.satisfied ? "✓" : "✗"}
        </span>
      ))}{" "}
      {met}/{outcomes.constraints.length}
    </span>
  );
}

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

function ResponseRowView({ r }: { r: ResponseRow }) {
  return (
    <>
      <div className="review-row-meta">
        <span className="hint">#{r.number}</span>
        <span className={`badge status-${r.pipelineStatus}`}>{r.pipelineStatus}</span>
        <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>
        <span className="num" title="pass rate">
          pass {pct(r.passRate)}
        </span>
        <span className="num" title="judge score">
          score {r.score?.toFixed(1) ?? "–"}
        </span>
        {r.constraintOutcomes ? <ConstraintMarks outcomes={r.constraintOutcomes} /> : null}
      </div>
      <div className="review-row-text">{r.text.slice(0, 240)}</div>
    </>
  );
}

/** The matching responses, virtualized. */
export function ResponseList(props: {
  total: number;
  cursor: number;
  row: (i: number) => ResponseRow | undefined;
  onSelect: (i: number) => void;
  onRange: (start: number, end: number) => void;
}) {
  return <VirtualList label="Responses" {...props} renderRow={(r) => <ResponseRowView r={r} />} />;
}
