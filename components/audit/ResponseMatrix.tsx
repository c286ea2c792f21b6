"use client";

import { useIsMutating, useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTRPC } from "../trpc/trpc";
import { ErrorAlert } from "../ui/ErrorAlert";
import { MatrixCell } from "./MatrixCell";
import type { AuditData, AuditVerifier, Cell } from "./outcomeOf";

type Response = AuditData["responses"][number];
type Label = "follows" | "violates" | "clear";

interface Props {
  data: AuditData;
  /** The verifiers that get a column (identical ones are folded into the one kept for them). */
  verifiers: readonly AuditVerifier[];
  identical: ReadonlyMap<number, readonly AuditVerifier[]>;
  /** The audit query these rows come from, so a label shows at once and is corrected by the refetch. */
  queryKey: QueryKey;
  cellOf: (verifierId: number, responseId: number) => Cell | undefined;
  reviewer: string;
}

/**
 * Verifiers x sampled responses. A row is the cursor: click it or move with j / k (or the arrows)
 * while the matrix has focus; the response beside it shows every verifier's outcome and takes a
 * label with y / n / c, shown at once and saved in the background.
 */
export function ResponseMatrix({ data, verifiers, identical, queryKey, cellOf, reviewer }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<{ responseId: number; verifierId?: number } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  // Stable while the verifiers are, so rows whose cells did not change are not rendered again.
  const fns = useMemo(() => verifiers.filter((v) => v.compileStatus !== "error"), [verifiers]);
  const rows = data.responses;
  const index = rows.findIndex((r) => r.id === cursor?.responseId);
  const shown = index >= 0 ? rows[index] : undefined;

  const labelling = useIsMutating({ mutationKey: trpc.label.set.mutationKey() });
  const label = useMutation(
    trpc.label.set.mutationOptions({
      onMutate: async (v) => {
        await queryClient.cancelQueries({ queryKey });
        const before = queryClient.getQueryData<AuditData>(queryKey);
        queryClient.setQueryData<AuditData>(
          queryKey,
          (d) =>
            d && {
              ...d,
              responses: d.responses.map((r) =>
                r.id === v.responseId ? { ...r, label: v.label === "clear" ? null : v.label } : r,
              ),
            },
        );
        return { before };
      },
      onError: (_e, _v, context) => {
        if (context?.before) queryClient.setQueryData(queryKey, context.before);
      },
      // One refetch after the last of a burst of labels: an earlier one could undo later optimistic labels.
      onSettled: () =>
        queryClient.isMutating({ mutationKey: trpc.label.set.mutationKey() }) <= 1
          ? queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() })
          : undefined,
    }),
  );
  const setLabel = useCallback(
    (responseId: number, l: Label) => label.mutate({ responseId, label: l, reviewer }),
    [label, reviewer],
  );

  // Keep the cursor's row in view as it moves.
  useEffect(() => {
    if (cursor === null) return;
    scroller.current
      ?.querySelector<HTMLElement>(`[data-response="${cursor.responseId}"]`)
      ?.scrollIntoView({ block: "nearest" });
  }, [cursor]);

  const move = (delta: number) => {
    const next =
      rows[
        Math.max(
          0,
          Math.min(rows.length - 1, (index < 0 ? (delta > 0 ? -1 : rows.length) : index) + delta),
        )
      ];
    if (next) setCursor({ responseId: next.id });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (
      e.ctrlKey ||
      e.metaKey ||
      e.altKey ||
      (e.target as HTMLElement).closest("input, textarea, select")
    )
      return;
    if (e.key === "j" || e.key === "ArrowDown") move(1);
    else if (e.key === "k" || e.key === "ArrowUp") move(-1);
    else if (e.key === "Home") move(-rows.length);
    else if (e.key === "End") move(rows.length);
    else if ((e.key === "y" || e.key === "n" || e.key === "c") && shown) {
      if (!reviewer) return;
      setLabel(shown.id, e.key === "y" ? "follows" : e.key === "n" ? "violates" : "clear");
      if (e.key !== "c") move(1);
    } else if (e.key === "Escape") {
      setCursor(null);
      scroller.current?.blur();
    } else return;
    // Handled here: the page's own j / k (next instruction) must not see it.
    e.preventDefault();
    e.stopPropagation();
  };

  if (rows.length === 0)
    return <p className="hint">No responses yet: they come from the run&apos;s respond stage.</p>;
  const labelled = rows.filter((r) => r.label !== null).length;
  return (
    <div className="matrix-wrap">
      <p className="hint">
        Outlined cells come from the browser run of the editors&apos; code; the others are the
        pipeline&apos;s stored outcomes. Click a row, or focus the matrix and move with <kbd>j</kbd>{" "}
        / <kbd>k</kbd>; label with <kbd>y</kbd> follows, <kbd>n</kbd> violates, <kbd>c</kbd> clear.{" "}
        {labelled} of {rows.length} labelled.
      </p>
      <div
        ref={scroller}
        className="matrix-scroll"
        tabIndex={0}
        role="group"
        aria-label="Response matrix: j and k move, y follows, n violates, c clears"
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget && cursor === null && rows[0])
            setCursor({ responseId: rows[0].id });
        }}
      >
        <table className="grid compact matrix" aria-label="Verifiers by responses">
          <thead>
            <tr>
              <th className="num">Response</th>
              <th>Text</th>
              <th className="num">Pass rate</th>
              <th>Label</th>
              {fns.map((v) => {
                const same = identical.get(v.id)?.length ?? 0;
                return (
                  <th
                    key={v.id}
                    className="nowrap"
                    title={same ? `and ${same} identical verifier(s)` : undefined}
                  >
                    #{v.number}
                    {same ? ` +${same}` : ""}
                    {v.pipelineStatus === "kept" ? "" : " (dropped)"}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <MatrixRow
                key={r.id}
                r={r}
                fns={fns}
                cells={fns.map((v) => cellOf(v.id, r.id))}
                current={r.id === cursor?.responseId}
                onPick={setCursor}
              />
            ))}
          </tbody>
        </table>
      </div>
      {shown ? (
        <ResponseInspector
          key={shown.id}
          response={shown}
          fns={fns}
          cellOf={cellOf}
          focusVerifier={cursor?.verifierId}
          reviewer={reviewer}
          busy={labelling > 0}
          onLabel={(l) => setLabel(shown.id, l)}
          onClose={() => setCursor(null)}
        />
      ) : null}
      <ErrorAlert error={label.error} title="Label not saved" />
    </div>
  );
}

interface RowProps {
  r: Response;
  fns: readonly AuditVerifier[];
  cells: ReadonlyArray<Cell | undefined>;
  current: boolean;
  onPick: (at: { responseId: number; verifierId?: number }) => void;
}

const sameCell = (a: Cell | undefined, b: Cell | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.verdict === b.verdict &&
    a.error === b.error &&
    a.live === b.live);

/** One response's row; re-rendered only when its response, cells or cursor state change. */
const MatrixRow = memo(
  function MatrixRow({ r, fns, cells, current, onPick }: RowProps) {
    return (
      <tr
        data-response={r.id}
        className={current ? "selected" : undefined}
        aria-current={current ? "true" : undefined}
        onClick={() => onPick({ responseId: r.id })}
      >
        <td className="num">
          <button
            type="button"
            className="link"
            tabIndex={-1}
            onClick={() => onPick({ responseId: r.id })}
          >
            #{r.number}
          </button>
        </td>
        <td className="matrix-text">{r.text}</td>
        <td className="num">{r.passRate === null ? "—" : r.passRate.toFixed(2)}</td>
        <td>{r.label ? <span className={`badge label-${r.label}`}>{r.label}</span> : null}</td>
        {fns.map((v, i) => (
          <td key={v.id}>
            <MatrixCell
              cell={cells[i]}
              label={`Verifier #${v.number} on response #${r.number}`}
              onOpen={(e) => {
                e.stopPropagation();
                onPick({ responseId: r.id, verifierId: v.id });
              }}
            />
          </td>
        ))}
      </tr>
    );
  },
  (a, b) =>
    a.r === b.r &&
    a.fns === b.fns &&
    a.current === b.current &&
    a.onPick === b.onPick &&
    a.cells.length === b.cells.length &&
    a.cells.every((c, i) => sameCell(c, b.cells[i])),
);

function ResponseInspector({
  response,
  fns,
  cellOf,
  focusVerifier,
  reviewer,
  busy,
  onLabel,
  onClose,
}: {
  response: Response;
  fns: readonly AuditVerifier[];
  cellOf: Props["cellOf"];
  focusVerifier?: number;
  reviewer: string;
  busy: boolean;
  onLabel: (label: Label) => void;
  onClose: () => void;
}) {
  return (
    <section className="panel inspector" aria-label={`Response #${response.number}`}>
      <div className="toolbar" style={{ margin: 0 }}>
        <strong>Response #{response.number}</strong>
        <span className={`badge status-${response.pipelineStatus}`}>{response.pipelineStatus}</span>
        {response.dropReason ? <span className="hint">{response.dropReason}</span> : null}
        <span className="spacer" />
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="hint">Query</div>
      <div className="text-cell review-text">{response.query}</div>
      <div className="hint">Response</div>
      <div className="text-cell review-text">{response.text}</div>
      <table className="grid compact" aria-label="Verifier outcomes on this response">
        <tbody>
          {fns.map((v) => {
            const c = cellOf(v.id, response.id);
            return (
              <tr key={v.id} className={v.id === focusVerifier ? "selected" : undefined}>
                <td className="nowrap">#{v.number}</td>
                <td>
                  <MatrixCell cell={c} label={`Verifier #${v.number}`} />
                </td>
                <td className="text-cell">
                  {c?.error ?? ""}
                  {c?.live ? <span className="hint"> (browser run)</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="verdict-bar" role="group" aria-label="Human label">
        <span>Does it truly follow the instruction?</span>
        <button
          type="button"
          className="small"
          aria-pressed={response.label === "follows"}
          disabled={!reviewer}
          onClick={() => onLabel("follows")}
          aria-keyshortcuts="y"
        >
          Follows <kbd aria-hidden>y</kbd>
        </button>
        <button
          type="button"
          className="small"
          aria-pressed={response.label === "violates"}
          disabled={!reviewer}
          onClick={() => onLabel("violates")}
          aria-keyshortcuts="n"
        >
          Violates <kbd aria-hidden>n</kbd>
        </button>
        <button
          type="button"
          className="small link"
          disabled={!reviewer}
          onClick={() => onLabel("clear")}
          aria-keyshortcuts="c"
        >
          Clear my label <kbd aria-hidden>c</kbd>
        </button>
        {busy ? (
          <span className="hint" role="status">
            Saving…
          </span>
        ) : null}
        {!reviewer ? <span className="hint">Enter your reviewer name to label.</span> : null}
      </div>
    </section>
  );
}
