"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useSearchParams } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { AUDIT_KEYS, typingIn } from "../audit/auditKeys";
import { InstructionAudit } from "../audit/InstructionAudit";
import { ShortcutsDialog } from "../ui/ShortcutsDialog";
import { ReviewerPicker } from "../review/ReviewerPicker";
import { useReviewer } from "../review/useReviewer";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { InstructionFilters, type ListFilter } from "./InstructionFilters";

const PAGE = 200;
const ROW_HEIGHT = 68;

/** Find a bad verifier: every instruction of a project in a virtualized, filtered list; the audit of the selected one beside it. */
export function InstructionsPage({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const [reviewer] = useReviewer();
  const [filter, setFilter] = useState<ListFilter>({ search: "" });
  const search = useDeferredValue(filter.search);
  const params = useSearchParams();
  const selected = Number(params.get("i")) || null;
  // How many responses the audit loads; a link or a benchmark may ask for more than the default.
  const responseLimit = Number(params.get("n")) || undefined;
  const select = useCallback((id: number) => window.history.replaceState(null, "", `?i=${id}`), []);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const input = { projectId, status: filter.status, review: filter.review, reason: filter.reason, flag: filter.flag, search, limit: PAGE };
  const list = useInfiniteQuery({
    ...trpc.instruction.list.infiniteQueryOptions(input, {
      initialCursor: 0,
      getNextPageParam: (last, pages) => { const loaded = pages.reduce((n, p) => n + p.rows.length, 0); return loaded < last.total ? loaded : undefined; },
    }),
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const first = list.data?.pages[0];
  // The virtualizer's functions change identity by design; the rows below read it fresh each render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [lastIndex, rows.length, list]);

  const index = rows.findIndex((r) => r.id === selected);
  const move = useCallback((delta: number) => {
    const next = rows[Math.max(0, Math.min(rows.length - 1, (index < 0 ? -1 : index) + delta))];
    if (!next) return;
    select(next.id);
    virtualizer.scrollToIndex(rows.indexOf(next), { align: "auto" });
  }, [rows, index, select, virtualizer]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      if (e.key === "j" || e.key === "ArrowDown") move(1);
      else if (e.key === "k" || e.key === "ArrowUp") move(-1);
      else if (e.key === "/") searchRef.current?.focus();
      else if (e.key === "?") setHelp(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move]);

  return (
    <main className="page audit-page">
      <div className="page-header">
        <div>
          <h1>Instructions</h1>
          <p className="subtitle">Find a bad verifier: filter the instructions, open one, run its verifiers in the browser, fix one, and see what the fix changes. Press ? for shortcuts.</p>
        </div>
        <ReviewerPicker />
      </div>
      <InstructionFilters filter={filter} counts={first?.counts} onChange={(patch) => setFilter((f) => ({ ...f, ...patch }))} searchRef={searchRef} />
      <ErrorAlert error={list.error} title="Could not load instructions" />
      {first && first.counts.all === 0 ? <div className="empty">No instructions yet. Start a run on the Runs page: augmentation writes them from your seed instructions.</div> : null}
      {first && first.counts.all > 0 ? (
        <div className="audit-split">
          <div>
            <div className="hint list-count" role="status">{first.total} instruction{first.total === 1 ? "" : "s"} match</div>
            <div ref={scroller} className="review-list" role="listbox" aria-label="Instructions" tabIndex={0}>
              <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
                {items.map((item) => {
                  const r = rows[item.index]!;
                  return (
                    <div key={r.id} role="option" aria-selected={r.id === selected} className={`review-row${r.id === selected ? " selected" : ""}`} style={{ height: item.size, transform: `translateY(${item.start}px)` }} onClick={() => select(r.id)}>
                      <div className="review-row-meta">
                        <span className="num">#{r.id}</span>
                        <span className={`badge status-${r.pipelineStatus}`}>{r.pipelineStatus}</span>
                        {r.reviewStatus !== "unreviewed" ? <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span> : null}
                        <span className="num" title="kept / current verifiers">fn {r.keptVerifiers}/{r.verifiers}</span>
                        <span className="num" title="kept / all test cases">cases {r.keptCases}/{r.cases}</span>
                        {r.compileErrors > 0 ? <span className="badge status-dropped" title="verifiers that do not compile">{r.compileErrors} compile</span> : null}
                        {r.runtimeError ? <span className="outcome outcome-error" title="a verifier errors on a case or response">errors</span> : null}
                      </div>
                      <div className="review-row-text">{r.text}</div>
                      {r.dropReason ? <div className="review-row-text hint">{r.dropReason}</div> : null}
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
          <div className="audit-detail">
            {selected !== null ? <InstructionAudit key={selected} id={selected} reviewer={reviewer} initialLimit={responseLimit} /> : <div className="empty">Select an instruction (click, or j / k) to audit its verifiers, test cases and responses.</div>}
          </div>
        </div>
      ) : null}
      <ShortcutsDialog open={help} onOpenChange={setHelp} keys={AUDIT_KEYS} note="Keys act on the page, not while you type in a field or in the code editor." />
    </main>
  );
}
