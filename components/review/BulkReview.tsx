"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { describeExportImpact } from "@/lib/review/exportImpact";
import type { ResponseFilter } from "@/lib/schemas/reviewFilters";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

type BulkVerdict = "approve" | "reject";

/**
 * Approve or reject every response the current filter matches, after a confirmation with the count
 * and what the verdict removes from (or adds to) the default export, as the server counts it. The
 * verdict is one batch: `onRecorded` puts it on the page's undo stack, so `u` takes all of it back.
 */
export function BulkReview({
  projectId,
  filter,
  count,
  reviewer,
  describe,
  onRecorded,
}: {
  projectId: number;
  filter: ResponseFilter;
  count: number;
  reviewer: string;
  describe: string;
  onRecorded: (batchId: string, verdict: BulkVerdict, label: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [verdict, setVerdict] = useState<BulkVerdict | null>(null);
  const [reason, setReason] = useState("");
  const n = count.toLocaleString("en");
  const impact = useQuery({
    ...trpc.review.bulkImpact.queryOptions({ projectId, filter, verdict: verdict ?? "reject" }),
    enabled: verdict !== null,
    staleTime: 0,
    gcTime: 0,
  });
  const bulk = useMutation(
    trpc.review.bulkResponses.mutationOptions({
      onSuccess: async (data, input) => {
        setVerdict(null);
        setReason("");
        onRecorded(
          data.batchId,
          input.verdict as BulkVerdict,
          `${data.count.toLocaleString("en")} response${data.count === 1 ? "" : "s"}`,
        );
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.response.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.pair.pathKey() }),
        ]);
      },
    }),
  );
  const disabled = count === 0 || !reviewer;
  const verb = verdict === "approve" ? "Approve" : "Reject";
  return (
    <>
      <button
        type="button"
        className="small"
        disabled={disabled}
        onClick={() => setVerdict("approve")}
      >
        Approve all {n}…
      </button>
      <button
        type="button"
        className="small danger"
        disabled={disabled}
        onClick={() => setVerdict("reject")}
      >
        Reject all {n}…
      </button>
      <ConfirmDialog
        open={verdict !== null}
        onOpenChange={(o) => {
          if (!o) {
            setVerdict(null);
            bulk.reset();
          }
        }}
        title={`${verb} ${n} responses?`}
        confirmLabel={`${verb} ${n} responses`}
        busy={bulk.isPending}
        onConfirm={() =>
          verdict &&
          bulk.mutate({
            projectId,
            filter,
            expectedCount: count,
            verdict,
            reason: reason || undefined,
            reviewer,
          })
        }
      >
        <p>
          Every response matching <strong>{describe}</strong> gets this verdict from{" "}
          <strong>{reviewer}</strong>. Their earlier verdicts stay in each history; this one becomes
          the latest, and <kbd>u</kbd> (or Undo) takes it back as a whole.
        </p>
        <p className="alert info" role="status" aria-label="Export impact">
          {impact.data
            ? describeExportImpact(impact.data)
            : impact.error
              ? "Could not count what this changes in the export."
              : "Counting what this changes in the default export…"}
        </p>
        <label htmlFor="bulk-reason">Reason (optional)</label>
        <input
          id="bulk-reason"
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: "100%" }}
        />
        <ErrorAlert error={bulk.error ?? impact.error} />
      </ConfirmDialog>
    </>
  );
}
