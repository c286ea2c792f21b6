"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { forwardRef, useState } from "react";
import { useTRPC } from "../trpc/trpc";
import { ErrorAlert } from "../ui/ErrorAlert";

/** Approve / reject (with an optional reason) an instruction or a verifier, as the chosen reviewer. */
export const VerdictBar = forwardRef<HTMLInputElement, { kind: "instruction" | "verifier"; id: number; reviewer: string }>(function VerdictBar({ kind, id, reviewer }, reasonRef) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const options = {
    onSuccess: async () => {
      setReason("");
      await queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() });
    },
  };
  const instruction = useMutation(trpc.instruction.review.mutationOptions(options));
  const verifier = useMutation(trpc.verifier.review.mutationOptions(options));
  const m = kind === "instruction" ? instruction : verifier;
  const send = (verdict: "approve" | "reject" | "clear") => m.mutate({ id, verdict, reason: reason || null, reviewer });
  const who = kind === "instruction" ? "instruction" : `verifier #${id}`;
  return (
    <div className="verdict-bar" role="group" aria-label={`Review ${who}`}>
      <input ref={reasonRef} type="text" aria-label={`Reason for the verdict on ${who}`} placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      <button type="button" className="small" disabled={!reviewer || m.isPending} onClick={() => send("approve")}>Approve {kind}</button>
      <button type="button" className="small danger" disabled={!reviewer || m.isPending} onClick={() => send("reject")}>Reject {kind}</button>
      {!reviewer ? <span className="hint">Enter your reviewer name above to review.</span> : null}
      <ErrorAlert error={m.error} />
    </div>
  );
});
