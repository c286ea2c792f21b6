"use client";

import { diffWords, type ChangeObject } from "diff";
import { useMemo } from "react";

/**
 * The word-level differences of two texts (jsdiff), computed once per pair. Very different long
 * texts are capped by a time-out: then the sides are shown plain, with a note, rather than freezing
 * the page.
 */
export function useWordDiff(chosen: string, rejected: string): ChangeObject<string>[] | null {
  return useMemo(() => diffWords(rejected, chosen, { timeout: 200 }) ?? null, [chosen, rejected]);
}

/** One side of a diff as text: words only this side has are marked; the other side's are left out. */
export function DiffSide({
  parts,
  side,
  text,
  label,
}: {
  parts: ChangeObject<string>[] | null;
  side: "chosen" | "rejected";
  text: string;
  label: string;
}) {
  if (!parts)
    return (
      <div className="review-text text-cell" aria-label={label}>
        {text}
      </div>
    );
  return (
    <div className="review-text text-cell" aria-label={label}>
      {parts.map((p, i) => {
        if (side === "chosen" && p.removed) return null;
        if (side === "rejected" && p.added) return null;
        const cls = p.added ? "diff-added" : p.removed ? "diff-removed" : undefined;
        return cls ? (
          <mark key={i} className={cls}>
            {p.value}
          </mark>
        ) : (
          <span key={i}>{p.value}</span>
        );
      })}
    </div>
  );
}
