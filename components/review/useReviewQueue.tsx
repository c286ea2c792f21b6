"use client";

import type { QueryKey, UseQueryOptions } from "@tanstack/react-query";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { usePagedRows } from "./usePagedRows";
import { VerdictToastView } from "./VerdictToastView";
import { useReviewer } from "./useReviewer";
import type { KeyBinding } from "@/lib/review/keys";
import { useReviewKeys, type ReviewKeyAction } from "./useReviewKeys";
import { useVerdicts, type ReviewStatus, type Verdict } from "./useVerdicts";

/** What every review queue's rows carry: an id and the review status the list shows. */
export interface QueueRow {
  id: number;
  reviewStatus: ReviewStatus;
}

/**
 * One review queue (Responses, Pairs): the keyboard cursor over a server-paged virtual list, the
 * reason typed for the next verdict, verdicts that patch the loaded rows in place and can be undone
 * (the cursor returns to the undone item), and the review keys. A page adds only its own keys
 * (`extraKey` returns true for a key it handled) and its detail pane.
 */
export function useReviewQueue<Row extends QueueRow>(opts: {
  projectId: number;
  itemKind: "response" | "pair";
  total: number;
  pageSize: number;
  queryFor: (
    offset: number,
    limit: number,
  ) => UseQueryOptions<Row[], Error, Row[], readonly unknown[]>;
  /** The path key of the page query, whose cached rows a verdict patches. */
  pageKey: QueryKey;
  /** Called when the cursor moves (a page resets its expanded text, for instance). */
  onMove?: () => void;
  /** The page's key table (lib/review/keys.ts): what the handler reads and the help lists. */
  keys: readonly KeyBinding[];
  extraKey?: (action: ReviewKeyAction) => boolean;
  /** The item as messages name it ("response #12"). */
  labelOf: (row: Row) => string;
}) {
  const {
    projectId,
    itemKind,
    total,
    pageSize,
    queryFor,
    pageKey,
    onMove,
    keys,
    extraKey,
    labelOf,
  } = opts;
  const queryClient = useQueryClient();
  const [reviewer] = useReviewer();
  const [cursor, setCursor] = useState(0);
  const [range, setRange] = useState<[number, number]>([0, 20]);
  const [reason, setReason] = useState("");
  const [help, setHelp] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const toastRef = useRef<HTMLDivElement>(null);
  const wanted = useMemo(() => [range[0], range[1], cursor], [range, cursor]);
  const rows = usePagedRows<Row>({ total, pageSize, wanted, queryFor });
  const current = rows.row(cursor);
  const onRange = useCallback(
    (a: number, b: number) => setRange((r) => (r[0] === a && r[1] === b ? r : [a, b])),
    [],
  );
  const move = (to: number) => {
    setCursor(Math.max(0, Math.min(total - 1, to)));
    setReason("");
    onMove?.();
  };
  const patch = useCallback(
    (ids: number[], status: ReviewStatus, who: string) => {
      const set = new Set(ids);
      queryClient.setQueriesData<Row[]>({ queryKey: pageKey }, (old) =>
        old?.map((r) => (set.has(r.id) ? { ...r, reviewStatus: status, reviewer: who } : r)),
      );
    },
    [queryClient, pageKey],
  );
  const verdicts = useVerdicts({ projectId, itemKind, reviewer, patch });
  const give = (v: Verdict) => {
    if (!current || !verdicts.record(current.id, v, reason.trim(), cursor, labelOf(current)))
      return;
    if (v !== "clear") move(cursor + 1);
    else setReason("");
  };
  const undo = () => {
    const back = verdicts.undo();
    if (!back) return;
    // Back to the undone item: where it was, or wherever it is now on a loaded page.
    if (rows.row(back.index)?.id === back.itemId) return move(back.index);
    for (let i = Math.max(0, cursor - pageSize); i <= Math.min(total - 1, cursor + pageSize); i++)
      if (rows.row(i)?.id === back.itemId) return move(i);
  };
  /** Back to the first item, for a new filter. */
  const reset = useCallback(() => setCursor(0), []);
  useReviewKeys(keys, (action) => {
    if (extraKey?.(action)) return true;
    if (action === "next") move(cursor + 1);
    else if (action === "prev") move(cursor - 1);
    else if (action === "approve" || action === "reject" || action === "clear") give(action);
    else if (action === "reason") reasonRef.current?.focus();
    else if (action === "undo") undo();
    else if (action === "search") searchRef.current?.focus();
    else if (action === "help") setHelp(true);
    else if (action === "toast") toastRef.current?.querySelector("button")?.focus();
    else return false;
    return true;
  });
  return {
    reviewer,
    cursor,
    current,
    rows,
    reason,
    setReason,
    reasonRef,
    searchRef,
    help,
    setHelp,
    give,
    undo,
    reset,
    verdicts,
    /** The toast of the latest verdict, with its Undo. */
    toast: (
      <VerdictToastView
        toast={verdicts.toast}
        onUndo={undo}
        onDismiss={verdicts.dismiss}
        regionRef={toastRef}
      />
    ),
    /** The props of the queue's VirtualList. */
    list: { total, cursor, row: rows.row, onSelect: move, onRange },
  };
}
