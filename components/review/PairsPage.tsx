"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { pairFilterSchema, type PairFilter } from "@/lib/schemas/reviewFilters";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { KeyboardHelp } from "./KeyboardHelp";
import { PairDetail, type PairRow } from "./PairDetail";
import { ReviewerPicker } from "./ReviewerPicker";
import { VirtualList } from "./VirtualList";
import { usePagedRows } from "./usePagedRows";
import { useReviewer } from "./useReviewer";
import { useReviewKeys } from "./useReviewKeys";
import { useUrlFilter } from "./useUrlFilter";
import { useVerdicts, type ReviewStatus, type Verdict } from "./useVerdicts";

const PAGE = 50;

function PairRowView({ r }: { r: PairRow }) {
  return (
    <>
      <div className="review-row-meta">
        <span className="hint">#{r.id}</span>
        <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>
        <span className="num">chosen {r.chosenPassRate === null ? "–" : `${Math.round(r.chosenPassRate * 100)}%`} vs {r.rejectedPassRate === null ? "–" : `${Math.round(r.rejectedPassRate * 100)}%`}</span>
      </div>
      <div className="review-row-text">{r.query}</div>
    </>
  );
}

/** Review DPO pairs: chosen beside rejected with a word diff; approve, reject or swap by keyboard. */
export function PairsPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, update] = useUrlFilter(pairFilterSchema);
  const [reviewer] = useReviewer();
  const [cursor, setCursor] = useState(0);
  const [range, setRange] = useState<[number, number]>([0, 20]);
  const [reason, setReason] = useState("");
  const [help, setHelp] = useState(false);
  const [search, setSearch] = useState(filter.search ?? "");
  const reasonRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const count = useQuery(trpc.pair.count.queryOptions({ projectId, filter }));
  const total = count.data ?? 0;
  const wanted = useMemo(() => [range[0], range[1], cursor], [range, cursor]);
  const queryFor = useCallback((offset: number, limit: number) => trpc.pair.page.queryOptions({ projectId, filter, offset, limit }), [trpc, projectId, filter]);
  const rows = usePagedRows<PairRow>({ total, pageSize: PAGE, wanted, queryFor: queryFor as never });
  const current = rows.row(cursor);
  const setFilter = useCallback((p: Partial<PairFilter>) => { update(p); setCursor(0); }, [update]);
  useEffect(() => {
    if ((filter.search ?? "") === search) return;
    const t = setTimeout(() => setFilter({ search: search || undefined }), 250);
    return () => clearTimeout(t);
  }, [search, filter.search, setFilter]);
  const onRange = useCallback((a: number, b: number) => setRange((r) => (r[0] === a && r[1] === b ? r : [a, b])), []);
  const move = (to: number) => { setCursor(Math.max(0, Math.min(total - 1, to))); setReason(""); };
  const patch = useCallback((ids: number[], status: ReviewStatus, who: string) => {
    const set = new Set(ids);
    queryClient.setQueriesData<PairRow[]>({ queryKey: trpc.pair.page.pathKey() }, (old) => old?.map((r) => (set.has(r.id) ? { ...r, reviewStatus: status, reviewer: who } : r)));
  }, [queryClient, trpc]);
  const verdicts = useVerdicts({ projectId, itemKind: "pair", reviewer, patch });
  const swap = useMutation(trpc.pair.swap.mutationOptions({
    onSuccess: async () => {
      setReason("");
      await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.pair.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.review.history.pathKey() })]);
    },
  }));
  const give = (v: Verdict) => {
    if (!current || !verdicts.record(current.id, current.reviewStatus, v, reason.trim())) return;
    if (v !== "clear") move(cursor + 1);
  };
  const undo = () => { verdicts.undo(); };
  useReviewKeys((action) => {
    if (action === "next") move(cursor + 1);
    else if (action === "prev") move(cursor - 1);
    else if (action === "approve" || action === "reject" || action === "clear") give(action);
    else if (action === "swap") { if (current && reviewer) swap.mutate({ projectId, pairId: current.id, reviewer, reason: reason || undefined }); }
    else if (action === "reason") reasonRef.current?.focus();
    else if (action === "undo") undo();
    else if (action === "search") searchRef.current?.focus();
    else if (action === "help") setHelp(true);
  });

  return (
    <main className="page review-page">
      <div className="page-header">
        <div>
          <h1>Pairs</h1>
          <p className="subtitle">DPO preference pairs: a chosen response (high pass rate) beside a rejected one (pass rate 0) for the same sample, words that differ marked. Approve <kbd>a</kbd>, reject <kbd>r</kbd>, swap <kbd>s</kbd>; <kbd>?</kbd> lists every key.</p>
        </div>
        <div className="toolbar" style={{ margin: 0 }}>
          <ReviewerPicker />
          <button type="button" className="small" onClick={() => setHelp(true)}>Shortcuts <kbd>?</kbd></button>
        </div>
      </div>
      <div className="toolbar" role="group" aria-label="Filters">
        <label htmlFor="pair-review" className="hint">Review</label>
        <select id="pair-review" value={filter.review ?? ""} onChange={(e) => setFilter({ review: (e.target.value || undefined) as PairFilter["review"] })}>
          <option value="">any</option>
          {(["unreviewed", "approved", "rejected"] as const).map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
        {filter.instructionId !== undefined ? <span className="tag">instruction #{filter.instructionId}<button type="button" aria-label="Any instruction" onClick={() => setFilter({ instructionId: undefined })}>×</button></span> : null}
        <input ref={searchRef} type="search" aria-label="Search pairs" placeholder="Search responses, query, instruction  ( / )" value={search} onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => { if (e.key === "Escape" || e.key === "Enter") e.currentTarget.blur(); }} style={{ width: 300 }} />
        <span className="hint" role="status" aria-label="Matching pairs">{count.data === undefined ? "Counting…" : `${total.toLocaleString("en")} matching`}</span>
      </div>
      <ErrorAlert error={count.error ?? rows.error ?? verdicts.error ?? swap.error} />
      {count.data === 0 ? (
        <div className="empty">{filter.review || filter.search || filter.instructionId ? "No pair matches these filters." : "No pairs yet. The pairs stage (9) of a run writes them from responses with high and zero pass rates."}</div>
      ) : (
        <div className="review-split">
          <VirtualList label="Pairs" total={total} cursor={cursor} row={rows.row} onSelect={move} onRange={onRange} renderRow={(r) => <PairRowView r={r} />} />
          <div className="detail-pane">
            {current ? (
              <PairDetail projectId={projectId} row={current} reason={reason} onReason={setReason} reasonRef={reasonRef} onVerdict={give}
                onSwap={() => reviewer && swap.mutate({ projectId, pairId: current.id, reviewer, reason: reason || undefined })}
                onUndo={undo} canUndo={verdicts.undoable > 0} reviewer={reviewer} />
            ) : <div className="empty">Loading…</div>}
          </div>
        </div>
      )}
      <KeyboardHelp open={help} onOpenChange={setHelp} extra={[["s", "swap chosen and rejected (approves the swapped pair)"]]} />
    </main>
  );
}
