"use client";

import { useEffect, useRef } from "react";

export type ReviewKeyAction = "next" | "prev" | "approve" | "reject" | "clear" | "reason" | "expand" | "undo" | "search" | "help" | "swap" | "toast";

const byKey: Record<string, ReviewKeyAction> = {
  j: "next", ArrowDown: "next", k: "prev", ArrowUp: "prev",
  a: "approve", r: "reject", c: "clear", f: "reason", o: "expand", u: "undo", "/": "search", "?": "help", s: "swap", F8: "toast",
};

/**
 * Review shortcuts on the whole page, except while typing in a field or with a dialog open (those
 * keep their keys). The handler is read through a ref, so the listener is attached once; it returns
 * false for an action it does not handle, whose key is then left to the page's other listeners.
 */
export function useReviewKeys(handler: (action: ReviewKeyAction) => boolean) {
  const ref = useRef(handler);
  useEffect(() => { ref.current = handler; });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target;
      if (target instanceof Element && target.closest("input, textarea, select, [contenteditable='true'], [role='dialog'], [role='alertdialog']")) return;
      const action = byKey[e.key];
      if (!action || !ref.current(action)) return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
