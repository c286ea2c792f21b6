"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTRPC } from "../trpc/trpc";

export type Verdict = "approve" | "reject" | "clear";
export type ReviewStatus = "unreviewed" | "approved" | "rejected";
export const statusAfter: Record<Verdict, ReviewStatus> = { approve: "approved", reject: "rejected", clear: "unreviewed" };
const verdictRestoring: Record<ReviewStatus, Verdict> = { approved: "approve", rejected: "reject", unreviewed: "clear" };

interface Done {
  itemId: number;
  before: ReviewStatus;
  /** Where the item was in the list, for the cursor to return to on undo. */
  index: number;
}

/**
 * Records verdicts on responses or pairs as the chosen reviewer. Lists are patched in place (the
 * item stays where it is, so the reviewer's cursor does not jump), and the last verdicts can be
 * undone: an undo is itself a verdict in the history, restoring the status the item had before.
 */
export function useVerdicts(opts: { projectId: number; itemKind: "response" | "pair"; reviewer: string; patch: (ids: number[], status: ReviewStatus, reviewer: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const undoStack = useRef<Done[]>([]);
  const [undoable, setUndoable] = useState(0);
  const mutation = useMutation(
    trpc.review.record.mutationOptions({
      onSuccess: async (_data, input) => {
        opts.patch(input.itemIds, statusAfter[input.verdict], input.reviewer);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.review.history.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.response.facets.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.response.count.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.pair.count.pathKey() }),
        ]);
      },
    }),
  );
  const record = (itemId: number, before: ReviewStatus, verdict: Verdict, reason: string | undefined, index: number) => {
    if (!opts.reviewer) return false;
    mutation.mutate({ projectId: opts.projectId, itemKind: opts.itemKind, itemIds: [itemId], verdict, reason: reason || undefined, reviewer: opts.reviewer });
    undoStack.current.push({ itemId, before, index });
    setUndoable(undoStack.current.length);
    return true;
  };
  /** Restores the status before the latest verdict of this session; returns the item and its index, or null. */
  const undo = (): { itemId: number; index: number } | null => {
    const last = undoStack.current.pop();
    setUndoable(undoStack.current.length);
    if (!last || !opts.reviewer) return null;
    mutation.mutate({ projectId: opts.projectId, itemKind: opts.itemKind, itemIds: [last.itemId], verdict: verdictRestoring[last.before], reason: "undo", reviewer: opts.reviewer });
    return { itemId: last.itemId, index: last.index };
  };
  return { record, undo, undoable, error: mutation.error, pending: mutation.isPending };
}
