"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { pairFilterSchema, type PairFilter } from "@/lib/schemas/reviewFilters";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { PAIR_KEYS } from "@/lib/review/keys";
import { KeyboardHelp } from "./KeyboardHelp";
import { PairDetail, type PairRow } from "./PairDetail";
import { ReviewerPicker } from "./ReviewerPicker";
import { ReviewProgress } from "./ReviewProgress";
import { ReviewStats } from "./ReviewStats";
import { VirtualList } from "./VirtualList";
import { useReviewQueue } from "./useReviewQueue";
import { useUrlFilter } from "./useUrlFilter";
import { useDebouncedText } from "../ui/useDebounced";

const PAGE = 50;

function PairRowView({ r }: { r: PairRow }) {
  return (
    <>
      <div className="review-row-meta">
        <span className="hint">#{r.number}</span>
        <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>
        <span className="num">
          chosen {r.chosenPassRate === null ? "–" : `${Math.round(r.chosenPassRate * 100)}%`} vs{" "}
          {r.rejectedPassRate === null ? "–" : `${Math.round(r.rejectedPassRate * 100)}%`}
        </span>
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
  const count = useQuery(trpc.pair.count.queryOptions({ projectId, filter }));
  const total = count.data ?? 0;
  const queryFor = useCallback(
    (offset: number, limit: number) =>
      trpc.pair.page.queryOptions({ projectId, filter, offset, limit }),
    [trpc, projectId, filter],
  );
  const swap = useMutation(
    trpc.pair.swap.mutationOptions({
      onSuccess: async () => {
        q.setReason("");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.pair.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.review.history.pathKey() }),
        ]);
      },
    }),
  );
  const doSwap = () => {
    if (q.current && q.reviewer)
      swap.mutate({
        projectId,
        pairId: q.current.id,
        reviewer: q.reviewer,
        reason: q.reason || undefined,
      });
  };
  const q = useReviewQueue<PairRow>({
    projectId,
    itemKind: "pair",
    total,
    pageSize: PAGE,
    queryFor: queryFor as never,
    pageKey: trpc.pair.page.pathKey(),
    keys: PAIR_KEYS,
    extraKey: (action) => {
      if (action !== "swap") return false;
      doSwap();
      return true;
    },
    labelOf: (r) => `pair #${r.number}`,
  });
  const { current, reviewer, reset, searchRef, reasonRef } = q;
  const setFilter = useCallback(
    (p: Partial<PairFilter>) => {
      update(p);
      reset();
    },
    [update, reset],
  );
  // Typing is debounced (the studio's one debounce): one request for a word, not one per letter.
  const [search, setSearch] = useDebouncedText(
    filter.search ?? "",
    useCallback((text: string) => setFilter({ search: text || undefined }), [setFilter]),
  );

  return (
    <main className="page review-page">
      <div className="page-header">
        <div>
          <h1>Pairs</h1>
          <p className="subtitle">
            DPO preference pairs: a chosen response (high pass rate) beside a rejected one (pass
            rate 0) for the same sample, words that differ marked. Approve <kbd>a</kbd>, reject{" "}
            <kbd>r</kbd>, swap <kbd>s</kbd>; <kbd>?</kbd> lists every key.
          </p>
        </div>
        <div className="toolbar" style={{ margin: 0 }}>
          <ReviewerPicker />
          <button type="button" className="small" onClick={() => q.setHelp(true)}>
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </div>
      <div className="toolbar" role="group" aria-label="Filters">
        <label htmlFor="pair-review" className="hint">
          Review
        </label>
        <select
          id="pair-review"
          value={filter.review ?? ""}
          onChange={(e) =>
            setFilter({ review: (e.target.value || undefined) as PairFilter["review"] })
          }
        >
          <option value="">any</option>
          {(["unreviewed", "approved", "rejected"] as const).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {filter.instructionId !== undefined ? (
          <span className="tag">
            {current && current.instructionId === filter.instructionId
              ? `instruction #${current.instructionNumber}`
              : "one instruction"}
            <button
              type="button"
              aria-label="Any instruction"
              onClick={() => setFilter({ instructionId: undefined })}
            >
              ×
            </button>
          </span>
        ) : null}
        <input
          ref={searchRef}
          type="search"
          aria-label="Search pairs"
          placeholder="Search responses, query, instruction  ( / )"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape" || e.key === "Enter") e.currentTarget.blur();
          }}
          style={{ width: 300 }}
        />
        <span className="hint" role="status" aria-label="Matching pairs">
          {count.data === undefined ? "Counting…" : `${total.toLocaleString("en")} matching`}
        </span>
        <span className="spacer" />
        <ReviewProgress projectId={projectId} kind="pairs" />
      </div>
      <ReviewStats projectId={projectId} />
      <ErrorAlert error={count.error ?? q.rows.error ?? q.verdicts.error ?? swap.error} />
      {count.data === 0 ? (
        <div className="empty">
          {filter.review || filter.search || filter.instructionId
            ? "No pair matches these filters."
            : "No pairs yet. The pairs stage (9) of a run writes them from responses with high and zero pass rates."}
        </div>
      ) : (
        <div className="review-split">
          <VirtualList label="Pairs" {...q.list} renderRow={(r) => <PairRowView r={r} />} />
          <div className="detail-pane">
            {current ? (
              <PairDetail
                projectId={projectId}
                row={current}
                reason={q.reason}
                onReason={q.setReason}
                reasonRef={reasonRef}
                onVerdict={q.give}
                onSwap={doSwap}
                onUndo={q.undo}
                canUndo={q.verdicts.undoable > 0}
                reviewer={reviewer}
              />
            ) : (
              <div className="empty">Loading…</div>
            )}
          </div>
        </div>
      )}
      <KeyboardHelp open={q.help} onOpenChange={q.setHelp} keys={PAIR_KEYS} />
      {q.toast}
    </main>
  );
}
