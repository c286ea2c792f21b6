"use client";

import type { RefObject } from "react";
import { CollapsibleText } from "./CollapsibleText";
import type { ResponseRow } from "./ResponseList";
import { ReviewHistory } from "./ReviewHistory";
import { VerifierOutcomes } from "./VerifierOutcomes";
import type { Verdict } from "./useVerdicts";

/** One response in full: its sample, the pipeline's numbers and decision, the verdict controls, its history. */
export function ResponseDetail({
  reasonRef,
  ...props
}: {
  projectId: number;
  row: ResponseRow;
  expanded: boolean;
  onToggleExpand: () => void;
  reason: string;
  onReason: (r: string) => void;
  reasonRef: RefObject<HTMLInputElement | null>;
  onVerdict: (v: Verdict) => void;
  onUndo: () => void;
  canUndo: boolean;
  reviewer: string;
  onOnlyInstruction: () => void;
}) {
  const r = props.row;
  const noReviewer = !props.reviewer;
  return (
    <section className="panel review-detail" aria-label={`Response ${r.number}`}>
      <h2>
        Response #{r.number}{" "}
        <span className="hint">response {r.sampleIndex + 1} of its sample</span>
      </h2>
      <dl className="facts">
        <dt>Instruction</dt>
        <dd>
          <span className="hint">#{r.instructionNumber}</span>{" "}
          <span className="text-cell">{r.instruction}</span>{" "}
          <button type="button" className="link" onClick={props.onOnlyInstruction}>
            only this instruction
          </button>
        </dd>
        <dt>Query</dt>
        <dd className="text-cell">{r.query}</dd>
        <dt>Pass rate</dt>
        <dd>
          {r.passRate === null ? "not executed" : `${(r.passRate * 100).toFixed(0)}%`}{" "}
          <VerifierOutcomes outcomes={r.outcomes} />
        </dd>
        {r.constraintOutcomes ? (
          <>
            <dt>Constraints</dt>
            <dd>
              <table aria-label="Outcome per constraint" className="compact">
                <thead>
                  <tr>
                    <th>constraint</th>
                    <th>outcome</th>
                    <th>its pass rate</th>
                  </tr>
                </thead>
                <tbody>
                  {r.constraintOutcomes.constraints.map((c) => (
                    <tr key={c.instructionId}>
                      <td>#{c.number ?? c.instructionId}</td>
                      <td>
                        <span className={`outcome outcome-${c.satisfied ? "pass" : "fail"}`}>
                          {c.satisfied ? "satisfied" : "not satisfied"}
                        </span>
                      </td>
                      <td className="num">
                        {c.passRate === null ? "none counted" : `${Math.round(c.passRate * 100)}%`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <span className="hint">
                strict {r.constraintOutcomes.strict}, partial{" "}
                {(r.constraintOutcomes.partial * 100).toFixed(0)}%
              </span>
            </dd>
          </>
        ) : null}
        <dt>Score</dt>
        <dd>
          {r.score === null ? "not scored" : r.score.toFixed(1)}
          {r.scoreSamples && r.scoreSamples.length > 1 ? (
            <span className="hint">
              {" "}
              (samples {r.scoreSamples.map((s) => s ?? "unparsable").join(", ")})
            </span>
          ) : null}
        </dd>
        <dt>Pipeline</dt>
        <dd>
          <span className={`badge status-${r.pipelineStatus}`}>{r.pipelineStatus}</span>{" "}
          {r.dropReason ? <span className="text-cell">{r.dropReason}</span> : null}
        </dd>
        <dt>Review</dt>
        <dd>
          <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>{" "}
          {r.reviewer ? <span className="hint">latest by {r.reviewer}</span> : null}
        </dd>
      </dl>
      <h3>Response</h3>
      <CollapsibleText
        text={r.text}
        expanded={props.expanded}
        onToggle={props.onToggleExpand}
        label="Response text"
      />
      <div className="verdict-bar">
        <label htmlFor="verdict-reason" className="hint">
          Reason <kbd>f</kbd>
        </label>
        <input
          id="verdict-reason"
          ref={reasonRef}
          type="text"
          value={props.reason}
          maxLength={2000}
          placeholder="optional; goes with the next verdict"
          onChange={(e) => props.onReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === "Escape") {
              e.preventDefault();
              e.currentTarget.blur();
            }
          }}
        />
        <button
          type="button"
          className="primary"
          disabled={noReviewer}
          onClick={() => props.onVerdict("approve")}
        >
          Approve <kbd>a</kbd>
        </button>
        <button
          type="button"
          className="danger"
          disabled={noReviewer}
          onClick={() => props.onVerdict("reject")}
        >
          Reject <kbd>r</kbd>
        </button>
        <button
          type="button"
          disabled={noReviewer || r.reviewStatus === "unreviewed"}
          onClick={() => props.onVerdict("clear")}
        >
          Clear <kbd>c</kbd>
        </button>
        <button type="button" disabled={!props.canUndo} onClick={props.onUndo}>
          Undo <kbd>u</kbd>
        </button>
      </div>
      {noReviewer ? (
        <p className="alert info">
          Choose your reviewer name at the top of the page before giving verdicts.
        </p>
      ) : null}
      <ReviewHistory projectId={props.projectId} itemKind="response" itemId={r.id} />
    </section>
  );
}
