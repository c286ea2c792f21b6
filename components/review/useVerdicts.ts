"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC } from "../trpc/trpc";

export type Verdict = "approve" | "reject" | "clear";
/** What verdicts are given on: responses and pairs (review pages), instructions and verifiers (audit). */
export type ReviewedKind = "response" | "pair" | "instruction" | "verifier";
export type ReviewStatus = "unreviewed" | "approved" | "rejected";
export const statusAfter: Record<Verdict, ReviewStatus> = {
  approve: "approved",
  reject: "rejected",
  clear: "unreviewed",
};
const done: Record<Verdict, string> = { approve: "Approved", reject: "Rejected", clear: "Cleared" };

interface Done {
  /** The server's id of the recorded verdict, once it answers (a quick `u` waits for it). */
  batch: Promise<string>;
  label: string;
  itemKind: ReviewedKind;
  /** A one-item verdict: the item and where it was in the list, for the cursor to return to. */
  itemId?: number;
  index?: number;
}

/** The latest verdict or undo, as the toast shows it; `undoable` while it is the top of the undo stack. */
export interface VerdictToast {
  key: number;
  message: string;
  undoable: boolean;
}

/**
 * Records verdicts on responses, pairs, instructions or verifiers as the chosen reviewer. Lists are patched in place (the
 * item stays where it is, so the reviewer's cursor does not jump), and every verdict of this
 * session can be undone, latest first, a bulk one as a whole: the server restores each item's
 * status from before the verdict, and the undo is itself recorded in the history.
 */
export function useVerdicts(opts: {
  projectId: number;
  itemKind: ReviewedKind;
  reviewer: string;
  patch: (ids: number[], status: ReviewStatus, reviewer: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const undoStack = useRef<Done[]>([]);
  const [undoable, setUndoable] = useState(0);
  const [toast, setToast] = useState<VerdictToast | null>(null);
  const toastKey = useRef(0);
  const show = (message: string, canUndo: boolean) =>
    setToast({ key: ++toastKey.current, message, undoable: canUndo });
  const refresh = (all: boolean) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.review.history.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.review.progress.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.review.stats.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.response.facets.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.response.count.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.pair.count.pathKey() }),
      ...(all
        ? [
            queryClient.invalidateQueries({ queryKey: trpc.response.page.pathKey() }),
            queryClient.invalidateQueries({ queryKey: trpc.pair.page.pathKey() }),
          ]
        : []),
      // The audit page's lists, detail and histories show instruction and verifier statuses.
      ...(opts.itemKind === "instruction" || opts.itemKind === "verifier"
        ? [
            queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() }),
            queryClient.invalidateQueries({ queryKey: trpc.verifier.reviewHistory.pathKey() }),
          ]
        : []),
    ]);
  const recordMutation = useMutation(
    trpc.review.record.mutationOptions({
      onSuccess: async (_data, input) => {
        opts.patch(input.itemIds, statusAfter[input.verdict], input.reviewer);
        await refresh(false);
      },
    }),
  );
  const undoMutation = useMutation(
    trpc.review.undo.mutationOptions({
      onSuccess: async (data, input) => {
        const byStatus = new Map<ReviewStatus, number[]>();
        for (const item of data.items)
          byStatus.set(item.status, [...(byStatus.get(item.status) ?? []), item.id]);
        for (const [status, ids] of byStatus) opts.patch(ids, status, input.reviewer);
        await refresh(data.items.length > 1);
      },
    }),
  );
  const push = (entry: Done) => {
    undoStack.current.push(entry);
    setUndoable(undoStack.current.length);
    // A verdict the server refused leaves the stack; its error shows on the page.
    entry.batch.catch(() => {
      undoStack.current = undoStack.current.filter((d) => d !== entry);
      setUndoable(undoStack.current.length);
      setToast(null);
    });
  };
  /**
   * A verdict on one item; false without a reviewer name. `label` names the item as the list does;
   * `itemKind` defaults to the hook's (the audit page gives verdicts on instructions and verifiers).
   */
  const record = (
    itemId: number,
    verdict: Verdict,
    reason: string | undefined,
    index: number,
    label: string,
    itemKind: ReviewedKind = opts.itemKind,
  ) => {
    if (!opts.reviewer) return false;
    const batch = recordMutation
      .mutateAsync({
        projectId: opts.projectId,
        itemKind,
        itemIds: [itemId],
        verdict,
        reason: reason || undefined,
        reviewer: opts.reviewer,
      })
      .then((r) => r.batchId);
    push({ batch, itemId, index, itemKind, label: `${done[verdict].toLowerCase()} ${label}` });
    show(`${done[verdict]} ${label}.`, true);
    return true;
  };
  /** A verdict the server already recorded elsewhere (a bulk one), to be undone like the others. */
  const recorded = (batchId: string, verdict: Verdict, label: string) => {
    push({
      batch: Promise.resolve(batchId),
      itemKind: opts.itemKind,
      label: `${done[verdict].toLowerCase()} ${label}`,
    });
    show(`${done[verdict]} ${label}.`, true);
  };
  /** Takes back the latest verdict of this session; returns the item and its index for a one-item verdict. */
  const undo = (): { itemId: number; index: number; itemKind: ReviewedKind } | null => {
    const last = undoStack.current.pop();
    setUndoable(undoStack.current.length);
    if (!last || !opts.reviewer) return null;
    const reviewer = opts.reviewer;
    last.batch
      .then((batchId) => undoMutation.mutateAsync({ projectId: opts.projectId, batchId, reviewer }))
      .then((r) =>
        show(
          `Undone: ${last.label}${r.skipped ? ` (${r.skipped.toLocaleString("en")} changed since by a later verdict, left as they are)` : ""}.`,
          false,
        ),
      )
      .catch(() => setToast(null));
    return last.itemId !== undefined && last.index !== undefined
      ? { itemId: last.itemId, index: last.index, itemKind: last.itemKind }
      : null;
  };
  return {
    record,
    recorded,
    undo,
    undoable,
    toast,
    dismiss: () => setToast(null),
    error: recordMutation.error ?? undoMutation.error,
    pending: recordMutation.isPending || undoMutation.isPending,
  };
}
