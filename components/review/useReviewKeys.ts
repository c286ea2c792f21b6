"use client";

import { useEffect, useRef } from "react";
import { actionOf, type KeyBinding, type ReviewKeyAction } from "@/lib/review/keys";

export type { ReviewKeyAction };

/**
 * A page's shortcuts from its key table (lib/review/keys.ts, the table its `?` help lists), on the
 * whole page, except while typing in a field or with a dialog open (those keep their keys). The
 * handler is read through a ref, so the listener is attached once; it returns false for an action
 * it does not handle, whose key is then left to the page's other listeners.
 */
export function useReviewKeys(
  table: readonly KeyBinding[],
  handler: (action: ReviewKeyAction) => boolean,
) {
  const ref = useRef({ table, handler });
  useEffect(() => {
    ref.current = { table, handler };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target;
      if (
        target instanceof Element &&
        target.closest(
          "input, textarea, select, [contenteditable='true'], [role='dialog'], [role='alertdialog']",
        )
      )
        return;
      const action = actionOf(ref.current.table, e.key);
      if (!action || !ref.current.handler(action)) return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
