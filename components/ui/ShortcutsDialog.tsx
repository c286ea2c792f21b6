"use client";

import { Dialog } from "radix-ui";

/** A page's keyboard shortcuts as a table in a dialog, opened with "?". */
export function ShortcutsDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  keys: ReadonlyArray<readonly [string, string]>;
  note?: string;
}) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title asChild>
            <h2>Keyboard shortcuts</h2>
          </Dialog.Title>
          <table className="grid compact" aria-label="Keyboard shortcuts">
            <tbody>
              {props.keys.map(([key, what]) => (
                <tr key={key}>
                  <td className="nowrap">
                    <kbd>{key}</kbd>
                  </td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.note ? <p className="hint">{props.note}</p> : null}
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button">Close</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
