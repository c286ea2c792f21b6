"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { responseFilterSchema, type ResponseFilter } from "@/lib/schemas/reviewFilters";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { BulkReview } from "./BulkReview";
import { KeyboardHelp } from "./KeyboardHelp";
import { ResponseDetail } from "./ResponseDetail";
import { ResponseFilters } from "./ResponseFilters";
import { ResponseList, type ResponseRow } from "./ResponseList";
import { ReviewerPicker } from "./ReviewerPicker";
import { usePagedRows } from "./usePagedRows";
import { useReviewer } from "./useReviewer";
import { useReviewKeys, type ReviewKeyAction } from "./useReviewKeys";
import { useUrlFilter } from "./useUrlFilter";
import { useVerdicts, type ReviewStatus, type Verdict } from "./useVerdicts";

const PAGE = 100;

/** A filter in words, for the bulk confirmation. */
function describe(f: ResponseFilter): string {
  const parts = [
    f.pipeline && `pipeline ${f.pipeline}`, f.reason && `drop reason "${f.reason}…"`, f.review && `review ${f.review}`,
    f.scoreMin !== undefined && `score ≥ ${f.scoreMin}`, f.scoreMax !== undefined && `score ≤ ${f.scoreMax}`,
    f.passMin !== undefined && `pass rate ≥ ${f.passMin}`, f.passMax !== undefined && `pass rate ≤ ${f.passMax}`,
    f.instructionId !== undefined && `instruction #${f.instructionId}`, f.search && `search "${f.search}"`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "no filter (every response of the project)";
}

/** Review every response of a project: filter, read, approve or reject, by keyboard or in bulk. */
export function ResponsesPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, update] = useUrlFilter(responseFilterSchema);
  const [reviewer] = useReviewer();
  const [cursor, setCursor] = useState(0);
  const [range, setRange] = useState<[number, number]>([0, 20]);
  const [expanded, setExpanded] = useState(false);
  const [reason, setReason] = useState("");
  const [help, setHelp] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { sort: _sort, ...countFilter } = filter;
  void _sort;
  const count = useQuery(trpc.response.count.queryOptions({ projectId, filter: { ...countFilter, sort: "id" } }));
  const total = count.data ?? 0;
  const wanted = useMemo(() => [range[0], range[1], cursor], [range, cursor]);
  const queryFor = useCallback((offset: number, limit: number) => trpc.response.page.queryOptions({ projectId, filter, offset, limit }), [trpc, projectId, filter]);
  const rows = usePagedRows<ResponseRow>({ total, pageSize: PAGE, wanted, queryFor: queryFor as never });
  const current = rows.row(cursor);

  const setFilter = useCallback((patch: Partial<ResponseFilter>) => { update(patch); setCursor(0); }, [update]);
  const onRange = useCallback((a: number, b: number) => setRange((r) => (r[0] === a && r[1] === b ? r : [a, b])), []);
  const move = (to: number) => { setCursor(Math.max(0, Math.min(total - 1, to))); setExpanded(false); setReason(""); };
  const patch = useCallback((ids: number[], status: ReviewStatus, who: string) => {
    const set = new Set(ids);
    queryClient.setQueriesData<ResponseRow[]>({ queryKey: trpc.response.page.pathKey() }, (old) => old?.map((r) => (set.has(r.id) ? { ...r, reviewStatus: status, reviewer: who } : r)));
  }, [queryClient, trpc]);
  const verdicts = useVerdicts({ projectId, itemKind: "response", reviewer, patch });
  const give = (v: Verdict) => {
    if (!current || !verdicts.record(current.id, current.reviewStatus, v, reason.trim())) return;
    if (v !== "clear") move(cursor + 1);
    else setReason("");
  };
  const undo = () => {
    const id = verdicts.undo();
    if (id === null) return;
    // Back to the undone item if it is on a loaded page.
    for (let i = Math.max(0, cursor - 50); i <= cursor; i++) if (rows.row(i)?.id === id) { setCursor(i); break; }
  };
  useReviewKeys((action: ReviewKeyAction) => {
    if (action === "next") move(cursor + 1);
    else if (action === "prev") move(cursor - 1);
    else if (action === "approve") give("approve");
    else if (action === "reject") give("reject");
    else if (action === "clear") give("clear");
    else if (action === "reason") reasonRef.current?.focus();
    else if (action === "expand") setExpanded((e) => !e);
    else if (action === "undo") undo();
    else if (action === "search") searchRef.current?.focus();
    else if (action === "help") setHelp(true);
  });

  return (
    <main className="page review-page">
      <div className="page-header">
        <div>
          <h1>Responses</h1>
          <p className="subtitle">Every sampled response with its pass rate, verifier outcomes, score and the pipeline&apos;s decision. Approve or reject with <kbd>a</kbd> / <kbd>r</kbd>, move with <kbd>j</kbd> / <kbd>k</kbd>; <kbd>?</kbd> lists every key.</p>
        </div>
        <div className="toolbar" style={{ margin: 0 }}>
          <ReviewerPicker />
          <button type="button" className="small" onClick={() => setHelp(true)}>Shortcuts <kbd>?</kbd></button>
        </div>
      </div>
      <ResponseFilters projectId={projectId} filter={filter} update={setFilter} searchRef={searchRef} />
      <div className="toolbar">
        <span className="hint" role="status" aria-label="Matching responses">{count.data === undefined ? "Counting…" : `${total.toLocaleString("en")} matching`}{rows.fetching ? " · loading" : ""}</span>
        <span className="spacer" />
        <BulkReview projectId={projectId} filter={filter} count={total} reviewer={reviewer} describe={describe(filter)} />
      </div>
      <ErrorAlert error={count.error ?? rows.error ?? verdicts.error} />
      {count.data === 0 ? (
        <div className="empty">{describe(filter).startsWith("no filter") ? "No responses yet. Start a run on the Runs page: stages 5-9 write responses once a query pool is imported." : "No response matches these filters. Widen them, or clear the search."}</div>
      ) : (
        <div className="review-split">
          <ResponseList total={total} cursor={cursor} row={rows.row} onSelect={move} onRange={onRange} />
          <div className="detail-pane">
            {current ? (
              <ResponseDetail projectId={projectId} row={current} expanded={expanded} onToggleExpand={() => setExpanded((e) => !e)} reason={reason} onReason={setReason}
                reasonRef={reasonRef} onVerdict={give} onUndo={undo} canUndo={verdicts.undoable > 0} reviewer={reviewer}
                onOnlyInstruction={() => setFilter({ instructionId: current.instructionId })} />
            ) : <div className="empty">{count.data === undefined ? "Loading…" : "Loading the response…"}</div>}
          </div>
        </div>
      )}
      <KeyboardHelp open={help} onOpenChange={setHelp} />
    </main>
  );
}
