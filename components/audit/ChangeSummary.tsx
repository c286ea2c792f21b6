"use client";

import { useEffect, useRef } from "react";
import type { RouterOutputs } from "../trpc/trpc";
import { pct } from "./outcomeOf";

export type InstructionChange = RouterOutputs["verifier"]["saveVersion"]["change"];

const rate = (x: number | null) => (x === null ? "—" : x.toFixed(2));

/** What an edit changed downstream: instruction decision, cases and functions kept, pass rates, pairs. */
export function ChangeSummary({
  change,
  title,
  onClose,
}: {
  change: InstructionChange;
  title: string;
  onClose: () => void;
}) {
  const { instruction: ins, cases, functions, responses, pairs } = change;
  const ref = useRef<HTMLElement>(null);
  // The save button may be far below; bring the consequences into view.
  useEffect(() => ref.current?.scrollIntoView({ block: "nearest" }), [change]);
  return (
    <section ref={ref} className="panel change-summary" aria-label="What changed" tabIndex={-1}>
      <div className="toolbar" style={{ margin: 0 }}>
        <strong>{title}</strong>
        <span className="spacer" />
        <button type="button" className="small" onClick={onClose}>
          Dismiss
        </button>
      </div>
      <ul className="change-list">
        <li>
          Instruction:{" "}
          {ins.before.status === ins.after.status ? (
            <>
              still <b>{ins.after.status}</b>
            </>
          ) : (
            <>
              <b>{ins.before.status}</b> → <b>{ins.after.status}</b>
            </>
          )}
          {ins.after.reason ? <span className="hint"> ({ins.after.reason})</span> : null}
        </li>
        <li>
          Test cases kept: {cases.keptBefore} → <b>{cases.keptAfter}</b> of {cases.total}
          {cases.changed.length
            ? ` (${cases.changed.map((c) => `#${c.id} ${c.before ?? "new"}→${c.after}`).join(", ")})`
            : ""}
        </li>
        <li>
          Verifiers kept: {functions.keptBefore} → <b>{functions.keptAfter}</b>
          {functions.changed.length
            ? ` (${functions.changed.map((f) => `#${f.id} ${f.before ?? "new"}→${f.after}, accuracy ${pct(f.accuracyBefore)}→${pct(f.accuracyAfter)}`).join("; ")})`
            : ""}
        </li>
        <li>
          Responses whose pass rate or decision moved: <b>{responses.moved}</b> of {responses.total}
          ; kept {responses.keptBefore} → <b>{responses.keptAfter}</b>
        </li>
        <li>
          DPO pairs: {pairs.before} → <b>{pairs.after}</b>
        </li>
      </ul>
      {responses.examples.length ? (
        <table className="grid compact" aria-label="Responses that moved">
          <thead>
            <tr>
              <th className="num">Response</th>
              <th className="num">Pass rate</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {responses.examples.slice(0, 20).map((r) => (
              <tr key={r.id}>
                <td className="num">#{r.id}</td>
                <td className="num">
                  {rate(r.passRateBefore)} → {rate(r.passRateAfter)}
                </td>
                <td>
                  {r.statusBefore} → {r.statusAfter}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
