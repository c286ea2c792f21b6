"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc/trpc";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import type { InstructionChange } from "./ChangeSummary";
import { MatrixCell } from "./MatrixCell";
import type { AuditData, Cell } from "./outcomeOf";

interface Props {
  data: AuditData;
  /** The cell of verifier v on case c: live when the browser ran it, else stored. */
  cellOf: (verifierId: number, caseId: number) => Cell | undefined;
  onChanged: (change: InstructionChange, title: string) => void;
}

function CaseForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: { input: string; expected: boolean };
  submitLabel: string;
  busy: boolean;
  onSubmit: (v: { input: string; expected: boolean }) => void;
  onCancel?: () => void;
}) {
  const [input, setInput] = useState(initial.input);
  const [expected, setExpected] = useState(initial.expected);
  return (
    <form
      className="case-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ input, expected });
      }}
    >
      <textarea
        aria-label="Test case input"
        rows={2}
        value={input}
        onChange={(e) => setInput(e.target.value)}
        placeholder="A response text the verifiers will judge"
      />
      <label className="inline-check">
        <input type="checkbox" checked={expected} onChange={(e) => setExpected(e.target.checked)} />
        should pass
      </label>
      <button type="submit" className="small primary" disabled={busy}>
        {busy ? "Rerunning…" : submitLabel}
      </button>
      {onCancel ? (
        <button type="button" className="small" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </form>
  );
}

/** The test cases with each verifier's outcome on them; reviewers add, edit and delete cases. */
export function CaseTable({ data, cellOf, onChanged }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const done = (title: string) => async (r: { change: InstructionChange }) => {
    setEditing(null);
    onChanged(r.change, title);
    await queryClient.invalidateQueries({ queryKey: trpc.instruction.pathKey() });
  };
  const create = useMutation(
    trpc.testCase.create.mutationOptions({ onSuccess: done("Test case added") }),
  );
  const update = useMutation(
    trpc.testCase.update.mutationOptions({ onSuccess: done("Test case changed") }),
  );
  const remove = useMutation(
    trpc.testCase.delete.mutationOptions({ onSuccess: done("Test case deleted") }),
  );
  const fns = data.verifiers.filter((v) => v.compileStatus !== "error");
  return (
    <>
      <table className="grid compact" aria-label="Test cases">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Input</th>
            <th>Expected</th>
            <th>Status</th>
            {fns.map((v) => (
              <th key={v.id} className="nowrap">
                #{v.number}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {data.cases.map((c) => (
            <tr key={c.id}>
              <td className="num hint">{c.id}</td>
              <td className="text-cell case-input">
                {editing === c.id ? (
                  <CaseForm
                    initial={{ input: c.input, expected: c.expected }}
                    submitLabel="Save case"
                    busy={update.isPending}
                    onSubmit={(v) => update.mutate({ id: c.id, ...v })}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  c.input
                )}
              </td>
              <td className="nowrap">{c.expectedRaw ?? String(c.expected)}</td>
              <td>
                <span className={`badge status-${c.pipelineStatus}`}>{c.pipelineStatus}</span>
                {c.origin === "user" ? <span className="hint"> reviewer</span> : null}
                {c.dropReason ? <div className="hint">{c.dropReason}</div> : null}
              </td>
              {fns.map((v) => (
                <td key={v.id}>
                  <MatrixCell
                    cell={cellOf(v.id, c.id)}
                    label={`Verifier #${v.number} on case #${c.id}`}
                  />
                </td>
              ))}
              <td className="nowrap">
                <button
                  type="button"
                  className="small link"
                  onClick={() => setEditing(c.id)}
                  aria-label={`Edit test case #${c.id}`}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="small link"
                  onClick={() => setDeleting(c.id)}
                  aria-label={`Delete test case #${c.id}`}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.cases.length === 0 ? (
        <p className="hint">
          No test cases. Add one below: the verifiers run on it and cross-validation is redone.
        </p>
      ) : null}
      <div className="add-case">
        <span className="hint">Add a test case:</span>
        <CaseForm
          key={data.cases.length}
          initial={{ input: "", expected: true }}
          submitLabel="Add case"
          busy={create.isPending}
          onSubmit={(v) => create.mutate({ instructionId: data.id, ...v })}
        />
      </div>
      <ErrorAlert
        error={create.error ?? update.error ?? remove.error}
        title="Test case not changed"
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title={`Delete test case #${deleting ?? ""}?`}
        confirmLabel="Delete test case"
        onConfirm={() => {
          if (deleting !== null) remove.mutate({ id: deleting });
          setDeleting(null);
        }}
      >
        <p>
          The case and every verifier&apos;s outcome on it are deleted, and cross-validation is
          redone without it. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
