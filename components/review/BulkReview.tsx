"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ResponseFilter } from "@/lib/schemas/reviewFilters";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

/** Approve or reject every response the current filter matches, after a confirmation with the count. */
export function BulkReview({ projectId, filter, count, reviewer, describe }: { projectId: number; filter: ResponseFilter; count: number; reviewer: string; describe: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [verdict, setVerdict] = useState<"approve" | "reject" | null>(null);
  const [reason, setReason] = useState("");
  const bulk = useMutation(
    trpc.review.bulkResponses.mutationOptions({
      onSuccess: async () => {
        setVerdict(null);
        setReason("");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.response.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.review.history.pathKey() }),
        ]);
      },
    }),
  );
  const n = count.toLocaleString("en");
  const disabled = count === 0 || !reviewer;
  return (
    <>
      <button type="button" className="small" disabled={disabled} onClick={() => setVerdict("approve")}>Approve all {n}…</button>
      <button type="button" className="small danger" disabled={disabled} onClick={() => setVerdict("reject")}>Reject all {n}…</button>
      <ConfirmDialog
        open={verdict !== null}
        onOpenChange={(o) => { if (!o) { setVerdict(null); bulk.reset(); } }}
        title={`${verdict === "approve" ? "Approve" : "Reject"} ${n} responses?`}
        confirmLabel={`${verdict === "approve" ? "Approve" : "Reject"} ${n} responses`}
        busy={bulk.isPending}
        onConfirm={() => verdict && bulk.mutate({ projectId, filter, expectedCount: count, verdict, reason: reason || undefined, reviewer })}
      >
        <p>Every response matching <strong>{describe}</strong> gets this verdict from <strong>{reviewer}</strong>. Their earlier verdicts stay in each history; this one becomes the latest.</p>
        <label htmlFor="bulk-reason">Reason (optional)</label>
        <input id="bulk-reason" type="text" value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: "100%" }} />
        <ErrorAlert error={bulk.error} />
      </ConfirmDialog>
    </>
  );
}
