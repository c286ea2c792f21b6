"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { z } from "zod";
import { useUrlFilter } from "../review/useUrlFilter";
import { useDebouncedText } from "../ui/useDebounced";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC, type RouterOutputs } from "../trpc/trpc";
import { AddSeedForm } from "./AddSeedForm";
import { SeedExportButtons } from "./SeedExportButtons";
import { SeedImportPanel } from "./SeedImportPanel";
import { SeedRow } from "./SeedRow";

type Seed = RouterOutputs["seed"]["list"][number];

function matches(seed: Seed, words: string[], tag: string) {
  if (tag && !seed.tags.includes(tag)) return false;
  const hay = `${seed.text}\n${seed.tags.join(" ")}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** What the Seeds page shows, kept in its URL: the search, the tag filter and the selected seed (its id). */
const seedsUrlSchema = z.object({
  search: z.string().max(200).optional(),
  tag: z.string().max(200).optional(),
  seed: z.coerce.number().int().positive().optional(),
});

/** The seed instructions of one project: write, edit inline, tag, search, import and export. */
export function SeedEditor({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const seeds = useQuery(trpc.seed.list.queryOptions({ projectId }));
  const [url, setUrl] = useUrlFilter(seedsUrlSchema);
  const tag = url.tag ?? "";
  // The box owns what is typed; the URL follows 250 ms after the last key.
  const [search, setSearch] = useDebouncedText(
    url.search ?? "",
    useCallback((text: string) => setUrl({ search: text || undefined }), [setUrl]),
  );
  const [deleting, setDeleting] = useState<Seed | null>(null);
  const deferredSearch = useDeferredValue(search);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.seed.list.queryKey({ projectId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.project.list.queryKey() }),
    ]);
  const remove = useMutation(
    trpc.seed.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await refresh();
      },
    }),
  );

  const all = useMemo(() => seeds.data ?? [], [seeds.data]);
  const allTags = useMemo(() => [...new Set(all.flatMap((s) => s.tags))].sort(), [all]);
  const visible = useMemo(() => {
    const words = deferredSearch.toLowerCase().split(/\s+/).filter(Boolean);
    // The per-project number the server gives each seed, which messages name too ("duplicate of seed #3").
    return all
      .map((s, i) => ({ seed: s, index: s.number ?? i + 1 }))
      .filter((r) => matches(r.seed, words, tag));
  }, [all, deferredSearch, tag]);

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Seed instructions</h1>
          <p className="subtitle">
            The hand-written instructions that self-instruct rewrites into many more. Each should be
            one format constraint that code can check.
          </p>
        </div>
        <SeedExportButtons projectId={projectId} disabled={all.length === 0} />
      </div>
      <AddSeedForm projectId={projectId} onAdded={refresh} />
      <SeedImportPanel projectId={projectId} onImported={refresh} />
      <div className="toolbar" style={{ marginTop: 12 }}>
        <input
          type="search"
          aria-label="Search seed instructions"
          placeholder="Search text and tags"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 280 }}
        />
        <label htmlFor="seed-tag-filter">Tag</label>
        <select
          id="seed-tag-filter"
          value={tag}
          onChange={(e) => setUrl({ tag: e.target.value || undefined })}
        >
          <option value="">all tags</option>
          {allTags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <span role="status" className="hint">
          {seeds.data
            ? visible.length === all.length
              ? `${all.length.toLocaleString()} seed instructions`
              : `${visible.length.toLocaleString()} of ${all.length.toLocaleString()} seed instructions`
            : "Loading…"}
        </span>
      </div>
      <ErrorAlert error={seeds.error} title="Could not load seed instructions" />
      {seeds.data && all.length === 0 ? (
        <div className="empty">
          No seed instructions yet. Write one above, or import a .txt or .jsonl file.
        </div>
      ) : null}
      {seeds.data && all.length > 0 && visible.length === 0 ? (
        <div className="empty">No seed instruction matches this search.</div>
      ) : null}
      {visible.length > 0 ? (
        <table className="grid" aria-label="Seed instructions">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Instruction</th>
              <th>Tags</th>
              <th>Source</th>
              <th className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map(({ seed, index }) => (
              <SeedRow
                key={seed.id}
                seed={seed}
                index={index}
                selected={seed.id === url.seed}
                onSelect={() => setUrl({ seed: seed.id })}
                onChanged={refresh}
                onDelete={setDeleting}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          open
          onOpenChange={(open) => {
            if (!open) setDeleting(null);
          }}
          title="Delete this seed instruction?"
          confirmLabel="Delete seed"
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ ids: [deleting.id] })}
        >
          <p className="text-cell">“{deleting.text}”</p>
          <p className="hint">Instructions already generated from it keep their text.</p>
          <ErrorAlert error={remove.error} />
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
