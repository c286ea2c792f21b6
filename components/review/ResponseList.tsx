"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { RouterOutputs } from "../trpc/trpc";

export type ResponseRow = RouterOutputs["response"]["page"][number];
const ROW = 54;

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

/** The matching responses as a virtualized list: only the rows on screen are in the DOM. */
export function ResponseList(props: {
  total: number;
  cursor: number;
  row: (i: number) => ResponseRow | undefined;
  onSelect: (i: number) => void;
  onRange: (start: number, end: number) => void;
}) {
  const { total, cursor, row, onSelect, onRange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer keeps its own mutable state; the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => onRange(first, last), [first, last, onRange]);
  useEffect(() => { virtualizer.scrollToIndex(cursor, { align: "auto" }); }, [cursor, virtualizer]);
  const active = row(cursor);
  return (
    <div ref={scrollRef} className="review-list" role="listbox" aria-label="Responses" tabIndex={-1}
      aria-activedescendant={active ? `response-row-${active.id}` : undefined}>
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((v) => {
          const r = row(v.index);
          const selected = v.index === cursor;
          return (
            <div key={v.key} id={r ? `response-row-${r.id}` : undefined} role="option" aria-selected={selected}
              className={`review-row${selected ? " selected" : ""}`} style={{ height: ROW, transform: `translateY(${v.start}px)` }}
              onClick={() => onSelect(v.index)}>
              {r ? (
                <>
                  <div className="review-row-meta">
                    <span className="hint">#{r.id}</span>
                    <span className={`badge status-${r.pipelineStatus}`}>{r.pipelineStatus}</span>
                    <span className={`badge review-${r.reviewStatus}`}>{r.reviewStatus}</span>
                    <span className="num" title="pass rate">pass {pct(r.passRate)}</span>
                    <span className="num" title="judge score">score {r.score?.toFixed(1) ?? "–"}</span>
                  </div>
                  <div className="review-row-text">{r.text.slice(0, 240)}</div>
                </>
              ) : <div className="hint">Loading…</div>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
