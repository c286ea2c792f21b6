"use client";

import type { RefObject } from "react";
import type { VerdictToast } from "./useVerdicts";

/**
 * The latest verdict, announced to screen readers, with an Undo button (also the `u` key; F8 moves
 * the focus to the toast). It stays until the next verdict replaces it or it is dismissed: no
 * timer races the reader.
 */
export function VerdictToastView({
  toast,
  onUndo,
  onDismiss,
  regionRef,
}: {
  toast: VerdictToast | null;
  onUndo: () => void;
  onDismiss: () => void;
  regionRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <div
      className="toast-region"
      role="status"
      aria-live="polite"
      aria-label="Last verdict"
      ref={regionRef}
    >
      {toast ? (
        <div className="toast" key={toast.key}>
          <span className="text-cell">{toast.message}</span>
          {toast.undoable ? (
            <button type="button" className="small" aria-keyshortcuts="u" onClick={onUndo}>
              Undo <kbd>u</kbd>
            </button>
          ) : null}
          <button type="button" className="link" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
