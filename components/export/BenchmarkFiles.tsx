"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

/** Registered benchmark prompt files: pick which to check an export against, add or remove one. */
export function BenchmarkFiles(props: {
  projectId: number;
  selected: number[];
  onSelect: (ids: number[]) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [field, setField] = useState("");
  const [toDelete, setToDelete] = useState<{ id: number; name: string } | null>(null);
  const list = useQuery(trpc.export.benchmarks.queryOptions({ projectId: props.projectId }));
  const refresh = () =>
    queryClient.invalidateQueries({
      queryKey: trpc.export.benchmarks.queryKey({ projectId: props.projectId }),
    });
  const add = useMutation(
    trpc.export.addBenchmark.mutationOptions({
      onSuccess: (b) => {
        props.onSelect([...new Set([...props.selected, b.id])]);
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.export.deleteBenchmark.mutationOptions({
      onSuccess: () => {
        props.onSelect(props.selected.filter((id) => id !== toDelete?.id));
        setToDelete(null);
        void refresh();
      },
    }),
  );

  async function upload(file: File) {
    add.mutate({
      projectId: props.projectId,
      name: file.name,
      content: await file.text(),
      field: field.trim() || undefined,
    });
  }

  return (
    <div>
      {list.data && list.data.length === 0 ? (
        <p className="hint">
          No benchmark files yet. Add your local copy of an evaluation set (JSONL, one prompt a
          line) to check exports for shared 13-grams.
        </p>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <table className="grid" aria-label="Benchmark files">
          <thead>
            <tr>
              <th>Check</th>
              <th>File</th>
              <th className="num">Prompts</th>
              <th>Field</th>
              <th>sha256</th>
              <th className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) => (
              <tr key={b.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Check against ${b.name}`}
                    checked={props.selected.includes(b.id)}
                    onChange={(e) =>
                      props.onSelect(
                        e.target.checked
                          ? [...props.selected, b.id]
                          : props.selected.filter((id) => id !== b.id),
                      )
                    }
                  />
                </td>
                <td className="text-cell">{b.name}</td>
                <td className="num">{b.promptCount.toLocaleString()}</td>
                <td>
                  <code>{b.textField}</code>
                </td>
                <td>
                  <code title={b.sha256}>{b.sha256.slice(0, 12)}…</code>
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="small danger"
                    onClick={() => setToDelete({ id: b.id, name: b.name })}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="toolbar" style={{ marginTop: 8 }}>
        <label htmlFor="benchmark-field">Text field</label>
        <input
          id="benchmark-field"
          placeholder="auto: prompt, text, …"
          value={field}
          onChange={(e) => setField(e.target.value)}
          style={{ width: 150 }}
        />
        <input
          ref={fileInput}
          type="file"
          accept=".jsonl,.ndjson,.json"
          aria-label="Benchmark file"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
            e.target.value = "";
          }}
        />
        <button type="button" disabled={add.isPending} onClick={() => fileInput.current?.click()}>
          {add.isPending ? "Adding…" : "Add benchmark file…"}
        </button>
      </div>
      <ErrorAlert error={add.error ?? remove.error} />
      <ErrorAlert error={list.error} title="Could not load benchmark files" />
      <ConfirmDialog
        open={toDelete !== null}
        onOpenChange={(o) => {
          if (!o) setToDelete(null);
        }}
        title={`Remove the benchmark file "${toDelete?.name ?? ""}"?`}
        confirmLabel="Remove"
        busy={remove.isPending}
        onConfirm={() => toDelete && remove.mutate({ projectId: props.projectId, id: toDelete.id })}
      >
        <p>
          Its stored prompts are deleted. Past exports keep its name and sha256 in their manifests.
        </p>
      </ConfirmDialog>
    </div>
  );
}
