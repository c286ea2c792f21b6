"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type ReactNode } from "react";

const ROW = 54;

/**
 * A listbox of `total` rows where only the rows on screen are in the DOM; rows load by page. The
 * cursor (-1: none) is the selected option, kept in view.
 */
export function VirtualList<Row extends { id: number; number?: number | null }>(props: {
  label: string;
  total: number;
  cursor: number;
  row: (i: number) => Row | undefined;
  renderRow: (r: Row) => ReactNode;
  onSelect: (i: number) => void;
  onRange: (start: number, end: number) => void;
  rowHeight?: number;
}) {
  const { total, cursor, row, onSelect, onRange, rowHeight = ROW } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer keeps its own mutable state; the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => onRange(first, last), [first, last, onRange]);
  useEffect(() => {
    if (cursor >= 0 && cursor < total) virtualizer.scrollToIndex(cursor, { align: "auto" });
  }, [cursor, total, virtualizer]);
  const active = row(cursor);
  const prefix = props.label.toLowerCase();
  return (
    <div
      ref={scrollRef}
      className="review-list"
      role="listbox"
      aria-label={props.label}
      tabIndex={-1}
      aria-activedescendant={active ? `${prefix}-row-${active.number ?? active.id}` : undefined}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((v) => {
          const r = row(v.index);
          const selected = v.index === cursor;
          return (
            <div
              key={v.key}
              id={r ? `${prefix}-row-${r.number ?? r.id}` : undefined}
              role="option"
              aria-selected={selected}
              className={`review-row${selected ? " selected" : ""}`}
              style={{ height: rowHeight, transform: `translateY(${v.start}px)` }}
              onClick={() => onSelect(v.index)}
            >
              {r ? props.renderRow(r) : <div className="hint">Loading…</div>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
