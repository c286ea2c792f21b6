import type { MouseEvent } from "react";
import type { Cell } from "./outcomeOf";

/** One pass / fail / error cell; live outcomes from the browser run are outlined. */
export function MatrixCell({
  cell,
  onOpen,
  label,
}: {
  cell: Cell | undefined;
  onOpen?: (e: MouseEvent) => void;
  label: string;
}) {
  if (!cell)
    return (
      <span className="cell cell-none" title="not run">
        ·
      </span>
    );
  const text =
    cell.verdict === "error"
      ? cell.error?.startsWith("timeout")
        ? "time-out"
        : "error"
      : cell.verdict;
  const cls = `cell cell-${cell.verdict}${cell.live ? " cell-live" : ""}`;
  if (!onOpen)
    return (
      <span className={cls} title={cell.error ?? undefined}>
        {text}
      </span>
    );
  return (
    <button
      type="button"
      className={cls}
      onClick={onOpen}
      aria-label={`${label}: ${text}`}
      title={cell.error ?? undefined}
    >
      {text}
    </button>
  );
}
