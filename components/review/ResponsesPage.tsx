"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { RESPONSE_KEYS } from "@/lib/review/keys";
import { responseFilterSchema, type ResponseFilter } from "@/lib/schemas/reviewFilters";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { BulkReview } from "./BulkReview";
import { KeyboardHelp } from "./KeyboardHelp";
import { ResponseDetail } from "./ResponseDetail";
import { ResponseFilters } from "./ResponseFilters";
import { ResponseList, type ResponseRow } from "./ResponseList";
import { ReviewerPicker } from "./ReviewerPicker";
import { ReviewProgress } from "./ReviewProgress";
import { ReviewStats } from "./ReviewStats";
import { useReviewQueue } from "./useReviewQueue";
import { useUrlFilter } from "./useUrlFilter";

const PAGE = 100;

/** A filter in words, for the bulk confirmation. */
function describe(f: ResponseFilter, instructionLabel: string): string {
  const parts = [
    f.pipeline && `pipeline ${f.pipeline}`,
    f.reason && `drop reason "${f.reason}…"`,
    f.review && `review ${f.review}`,
    f.scoreMin !== undefined && `score ≥ ${f.scoreMin}`,
    f.scoreMax !== undefined && `score ≤ ${f.scoreMax}`,
    f.passMin !== undefined && `pass rate ≥ ${f.passMin}`,
    f.passMax !== undefined && `pass rate ≤ ${f.passMax}`,
    f.instructionId !== undefined && instructionLabel,
    f.search && `search "${f.search}"`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "no filter (every response of the project)";
}

/** Review every response of a project: filter, read, approve or reject, by keyboard or in bulk. */
export function ResponsesPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [filter, update] = useUrlFilter(responseFilterSchema);
  const [expanded, setExpanded] = useState(false);
  const { sort: _sort, ...countFilter } = filter;
  void _sort;
  const count = useQuery(
    trpc.response.count.queryOptions({ projectId, filter: { ...countFilter, sort: "id" } }),
  );
  const total = count.data ?? 0;
  const queryFor = useCallback(
    (offset: number, limit: number) =>
      trpc.response.page.queryOptions({ projectId, filter, offset, limit }),
    [trpc, projectId, filter],
  );
  const q = useReviewQueue<ResponseRow>({
    projectId,
    itemKind: "response",
    total,
    pageSize: PAGE,
    queryFor: queryFor as never,
    pageKey: trpc.response.page.pathKey(),
    onMove: () => setExpanded(false),
    keys: RESPONSE_KEYS,
    extraKey: (action) => {
      if (action !== "expand") return false;
      setExpanded((e) => !e);
      return true;
    },
    labelOf: (r) => `response #${r.number}`,
  });
  const { current, reviewer, reset, searchRef, reasonRef } = q;
  const setFilter = useCallback(
    (patch: Partial<ResponseFilter>) => {
      update(patch);
      reset();
    },
    [update, reset],
  );
  // The filter holds the instruction's id; every matching row carries its per-project number.
  const instructionLabel =
    current && current.instructionId === filter.instructionId
      ? `instruction #${current.instructionNumber}`
      : "one instruction";

  return (
    <main className="page review-page">
      <div className="page-header">
        <div>
          <h1>Responses</h1>
          <p className="subtitle">
            Every sampled response with its pass rate, verifier outcomes, score and the
            pipeline&apos;s decision. Approve or reject with <kbd>a</kbd> / <kbd>r</kbd>, move with{" "}
            <kbd>j</kbd> / <kbd>k</kbd>; <kbd>?</kbd> lists every key.
          </p>
        </div>
        <div className="toolbar" style={{ margin: 0 }}>
          <ReviewerPicker />
          <button type="button" className="small" onClick={() => q.setHelp(true)}>
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </div>
      <ResponseFilters
        projectId={projectId}
        filter={filter}
        update={setFilter}
        searchRef={searchRef}
        instructionLabel={instructionLabel}
      />
      <div className="toolbar">
        <span className="hint" role="status" aria-label="Matching responses">
          {count.data === undefined ? "Counting…" : `${total.toLocaleString("en")} matching`}
          {q.rows.fetching ? " · loading" : ""}
        </span>
        <ReviewProgress projectId={projectId} kind="responses" />
        <span className="spacer" />
        <BulkReview
          projectId={projectId}
          filter={filter}
          count={total}
          reviewer={reviewer}
          describe={describe(filter, instructionLabel)}
          onRecorded={q.verdicts.recorded}
        />
      </div>
      <ReviewStats projectId={projectId} />
      <ErrorAlert error={count.error ?? q.rows.error ?? q.verdicts.error} />
      {count.data === 0 ? (
        <div className="empty">
          {describe(filter, instructionLabel).startsWith("no filter")
            ? "No responses yet. Start a run on the Runs page: stages 5-9 write responses once a query pool is imported."
            : "No response matches these filters. Widen them, or clear the search."}
        </div>
      ) : (
        <div className="review-split">
          <ResponseList {...q.list} />
          <div className="detail-pane">
            {current ? (
              <ResponseDetail
                projectId={projectId}
                row={current}
                expanded={expanded}
                onToggleExpand={() => setExpanded((e) => !e)}
                reason={q.reason}
                onReason={q.setReason}
                reasonRef={reasonRef}
                onVerdict={q.give}
                onUndo={q.undo}
                canUndo={q.verdicts.undoable > 0}
                reviewer={reviewer}
                onOnlyInstruction={() => setFilter({ instructionId: current.instructionId })}
              />
            ) : (
              <div className="empty">
                {count.data === undefined ? "Loading…" : "Loading the response…"}
              </div>
            )}
          </div>
        </div>
      )}
      <KeyboardHelp open={q.help} onOpenChange={q.setHelp} keys={RESPONSE_KEYS} />
      {q.toast}
    </main>
  );
}
