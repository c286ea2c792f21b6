"use client";

import type { RefObject } from "react";
import type { RouterOutputs } from "../trpc/trpc";
import { ReviewHistory } from "./ReviewHistory";
import { VerifierOutcomes } from "./VerifierOutcomes";
import { DiffSide, useWordDiff } from "./WordDiff";
import type { Verdict } from "./useVerdicts";

export type PairRow = RouterOutputs["pair"]["page"][number];
const pct = (v: number | null) => (v === null ? "not executed" : `${Math.round(v * 100)}%`);

/** A DPO pair: chosen and rejected side by side with a word diff, their verifier outcomes and scores. */
export function PairDetail({
  reasonRef,
  ...p
}: {
  projectId: number;
  row: PairRow;
  reason: string;
  onReason: (r: string) => void;
  reasonRef: RefObject<HTMLInputElement | null>;
  onVerdict: (v: Verdict) => void;
  onSwap: () => void;
  onUndo: () => void;
  canUndo: boolean;
  reviewer: string;
}) {
  const r = p.row;
  const parts = useWordDiff(r.chosenText, r.rejectedText);
  const none = !p.reviewer;
  return (
    <section className="panel review-detail" aria-label={`Pair ${r.number}`}>
      <h2>Pair #{r.number}</h2>
      <dl className="facts">
        <dt>Instruction</dt>
        <dd>
          <span className="hint">#{r.instructionNumber}</span>{" "}
          <span className="text-cell">{r.instruction}</span>
        </dd>
        <dt>Query</dt>
        <dd className="text-cell">{r.query}</dd>
        <dt>Review</dt>
        <dd>
          <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>{" "}
          {r.reviewer ? <span className="hint">latest by {r.reviewer}</span> : null}
        </dd>
      </dl>
      {parts ? null : (
        <p className="hint">These responses differ too much for a word diff; shown plain.</p>
      )}
      <div className="pair-sides">
        <section className="pair-side" aria-label="Chosen">
          <h3>Chosen · response #{r.chosenNumber}</h3>
          <p className="hint">
            pass {pct(r.chosenPassRate)} · score {r.chosenScore?.toFixed(1) ?? "not scored"}{" "}
            <VerifierOutcomes outcomes={r.chosenOutcomes} />
          </p>
          <DiffSide parts={parts} side="chosen" text={r.chosenText} label="Chosen text" />
        </section>
        <section className="pair-side" aria-label="Rejected">
          <h3>Rejected · response #{r.rejectedNumber}</h3>
          <p className="hint">
            pass {pct(r.rejectedPassRate)} · score {r.rejectedScore?.toFixed(1) ?? "not scored"}{" "}
            <VerifierOutcomes outcomes={r.rejectedOutcomes} />
          </p>
          <DiffSide parts={parts} side="rejected" text={r.rejectedText} label="Rejected text" />
        </section>
      </div>
      <div className="verdict-bar">
        <label htmlFor="pair-reason" className="hint">
          Reason <kbd>f</kbd>
        </label>
        <input
          id="pair-reason"
          ref={reasonRef}
          type="text"
          value={p.reason}
          maxLength={2000}
          placeholder="optional; goes with the next verdict"
          onChange={(e) => p.onReason(e.target.value)}
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
          disabled={none}
          onClick={() => p.onVerdict("approve")}
        >
          Approve <kbd>a</kbd>
        </button>
        <button
          type="button"
          className="danger"
          disabled={none}
          onClick={() => p.onVerdict("reject")}
        >
          Reject <kbd>r</kbd>
        </button>
        <button
          type="button"
          disabled={none}
          onClick={p.onSwap}
          title="Exchange chosen and rejected; recorded as approving the swapped pair"
        >
          Swap <kbd>s</kbd>
        </button>
        <button type="button" disabled={!p.canUndo} onClick={p.onUndo}>
          Undo <kbd>u</kbd>
        </button>
      </div>
      {none ? (
        <p className="alert info">
          Choose your reviewer name at the top of the page before giving verdicts.
        </p>
      ) : null}
      <ReviewHistory projectId={p.projectId} itemKind="pair" itemId={r.id} />
    </section>
  );
}
