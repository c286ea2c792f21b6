"use client";

import { Dialog } from "radix-ui";

export const REVIEW_KEYS = [
  ["j / ↓", "next item"],
  ["k / ↑", "previous item"],
  ["a", "approve (with the reason, if typed) and go to the next"],
  ["r", "reject (with the reason, if typed) and go to the next"],
  ["c", "clear the verdict"],
  ["f", "focus the reason; Enter or Esc returns to the list"],
  ["o", "expand or collapse long text"],
  ["u", "undo the last verdict"],
  ["/", "focus search"],
  ["?", "this help"],
] as const;

/** The review shortcuts, opened with "?". */
export function KeyboardHelp({ open, onOpenChange, extra = [] }: { open: boolean; onOpenChange: (open: boolean) => void; extra?: ReadonlyArray<readonly [string, string]> }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title asChild><h2>Keyboard shortcuts</h2></Dialog.Title>
          <table className="grid compact" aria-label="Keyboard shortcuts">
            <tbody>
              {[...REVIEW_KEYS, ...extra].map(([key, what]) => (
                <tr key={key}><td className="nowrap"><kbd>{key}</kbd></td><td>{what}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <Dialog.Close asChild><button type="button">Close</button></Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
