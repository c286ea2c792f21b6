"use client";

import { helpRows, type KeyBinding } from "@/lib/review/keys";
import { ShortcutsDialog } from "../ui/ShortcutsDialog";

/** A review page's shortcuts: the rows of the same key table its handler reads. */
export function KeyboardHelp({
  open,
  onOpenChange,
  keys,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  keys: readonly KeyBinding[];
}) {
  return <ShortcutsDialog open={open} onOpenChange={onOpenChange} keys={helpRows(keys)} />;
}
