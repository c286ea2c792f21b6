"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { fieldProblems, problemsOf } from "../trpc/problems";
import { useTRPC, type RouterOutputs } from "../trpc/trpc";
import { TagEditor } from "./TagEditor";

type Seed = RouterOutputs["seed"]["list"][number];

const sourceLabel: Record<Seed["source"], string> = {
  typed: "typed",
  imported: "imported",
  example: "example data",
};

/** One seed: text (edited inline: Enter saves, Shift+Enter breaks the line, Escape cancels), tags, source. */
export function SeedRow(props: {
  seed: Seed;
  index: number;
  /** The seed named in the URL (`?seed=`): highlighted and scrolled to. */
  selected: boolean;
  onSelect: () => void;
  onChanged: () => Promise<unknown>;
  onDelete: (seed: Seed) => void;
}) {
  const { seed } = props;
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(seed.text);
  const update = useMutation(
    trpc.seed.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await props.onChanged();
      },
    }),
  );
  const label = `seed ${props.index}`;
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (props.selected) row.current?.scrollIntoView({ block: "nearest" });
  }, [props.selected]);
  const error = update.error
    ? (fieldProblems(update.error).text ?? problemsOf(update.error).message)
    : undefined;

  return (
    <tr
      ref={row}
      aria-label={label}
      aria-current={props.selected ? "true" : undefined}
      className={props.selected ? "selected" : undefined}
    >
      <td className="num hint">
        <button
          type="button"
          className="link"
          title="Select this seed (a link to it)"
          aria-label={`Select ${label}`}
          onClick={props.onSelect}
        >
          {props.index}
        </button>
      </td>
      <td className="text-cell">
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ id: seed.id, text: draft });
            }}
          >
            <textarea
              aria-label={`Text of ${label}`}
              value={draft}
              rows={Math.min(8, Math.max(2, Math.ceil(draft.length / 90)))}
              autoFocus
              aria-invalid={error ? true : undefined}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  update.reset();
                  setEditing(false);
                } else if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  update.mutate({ id: seed.id, text: draft });
                }
              }}
            />
            {error ? (
              <div role="alert" className="field-error">
                {error}
              </div>
            ) : null}
            <div className="toolbar" style={{ margin: "4px 0 0" }}>
              <button type="submit" className="small primary" disabled={update.isPending}>
                Save
              </button>
              <button
                type="button"
                className="small"
                onClick={() => {
                  update.reset();
                  setEditing(false);
                }}
              >
                Cancel
              </button>
              <span className="hint">Enter saves · Shift+Enter new line · Escape cancels</span>
            </div>
          </form>
        ) : (
          <span onDoubleClick={() => setEditing(true)}>{seed.text}</span>
        )}
      </td>
      <td style={{ minWidth: 180 }}>
        <TagEditor
          tags={seed.tags}
          label={label}
          disabled={update.isPending}
          onChange={(tags) => update.mutate({ id: seed.id, tags })}
        />
      </td>
      <td className="hint nowrap" title={seed.sourceRef ?? undefined}>
        {sourceLabel[seed.source]}
      </td>
      <td className="actions">
        <button
          type="button"
          className="small"
          aria-label={`Edit ${label}`}
          onClick={() => {
            setDraft(seed.text);
            setEditing(true);
          }}
        >
          Edit
        </button>{" "}
        <button
          type="button"
          className="small danger"
          aria-label={`Delete ${label}`}
          onClick={() => props.onDelete(seed)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
