"use client";

import { ShortcutsDialog } from "../ui/ShortcutsDialog";

export const REVIEW_KEYS = [
  ["j / ↓", "next item"],
  ["k / ↑", "previous item"],
  ["a", "approve (with the reason, if typed) and go to the next"],
  ["r", "reject (with the reason, if typed) and go to the next"],
  ["c", "clear the verdict"],
  ["f", "focus the reason; Enter or Esc returns to the list"],
  ["o", "expand or collapse long text"],
  ["u", "undo the last verdict (a bulk one as a whole)"],
  ["F8", "focus the last verdict's toast (its Undo button)"],
  ["/", "focus search"],
  ["?", "this help"],
] as const;

/** The review shortcuts, plus any the page adds (swap on the Pairs page). */
export function KeyboardHelp({ open, onOpenChange, extra = [] }: { open: boolean; onOpenChange: (open: boolean) => void; extra?: ReadonlyArray<readonly [string, string]> }) {
  return <ShortcutsDialog open={open} onOpenChange={onOpenChange} keys={[...REVIEW_KEYS, ...extra]} />;
}
