"use client";

import { createContext, forwardRef, useContext, useState } from "react";
import type { Verdict } from "../review/useVerdicts";

/**
 * Gives a verdict on an instruction or a verifier through the audit page's one verdict queue (the
 * same useVerdicts as Responses and Pairs: a recorded batch, the toast with Undo, `u`). False
 * without a reviewer name. `label` names the item as the page does ("verifier #3").
 */
export type GiveAuditVerdict = (
  kind: "instruction" | "verifier",
  id: number,
  verdict: Verdict,
  reason: string,
  label: string,
) => boolean;
export const AuditVerdicts = createContext<GiveAuditVerdict>(() => false);

/** Approve / reject (with an optional reason) an instruction or a verifier, as the chosen reviewer. */
export const VerdictBar = forwardRef<
  HTMLInputElement,
  { kind: "instruction" | "verifier"; id: number; label: string; reviewer: string }
>(function VerdictBar({ kind, id, label, reviewer }, reasonRef) {
  const give = useContext(AuditVerdicts);
  const [reason, setReason] = useState("");
  const send = (verdict: Verdict) => {
    if (give(kind, id, verdict, reason, label)) setReason("");
  };
  return (
    <div
      className="verdict-bar"
      role="group"
      aria-label={`Review ${kind === "instruction" ? "instruction" : label}`}
    >
      <input
        ref={reasonRef}
        type="text"
        aria-label={`Reason for the verdict on ${kind === "instruction" ? "instruction" : label}`}
        placeholder="Reason (optional)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={2000}
      />
      <button type="button" className="small" disabled={!reviewer} onClick={() => send("approve")}>
        Approve {kind}
      </button>
      <button
        type="button"
        className="small danger"
        disabled={!reviewer}
        onClick={() => send("reject")}
      >
        Reject {kind}
      </button>
      {!reviewer ? <span className="hint">Enter your reviewer name above to review.</span> : null}
    </div>
  );
});
