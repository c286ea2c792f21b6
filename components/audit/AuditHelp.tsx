"use client";

import { Dialog } from "radix-ui";

/** The page's keyboard shortcuts, opened with "?". */
export function AuditHelp({ open, onOpenChange, keys }: { open: boolean; onOpenChange: (open: boolean) => void; keys: ReadonlyArray<readonly [string, string]> }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title asChild><h2>Keyboard shortcuts</h2></Dialog.Title>
          <table className="grid compact" aria-label="Keyboard shortcuts">
            <tbody>{keys.map(([key, what]) => <tr key={key}><td className="nowrap"><kbd>{key}</kbd></td><td>{what}</td></tr>)}</tbody>
          </table>
          <p className="hint">Keys act on the page, not while you type in a field or in the code editor.</p>
          <div className="dialog-actions"><Dialog.Close asChild><button type="button">Close</button></Dialog.Close></div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
