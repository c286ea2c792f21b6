"use client";

import { useCallback } from "react";
import { z } from "zod";
import type { RouterOutputs } from "../trpc/trpc";
import { useDebouncedText } from "../ui/useDebounced";

/**
 * What the Instructions page shows, kept in its URL (share the link, reload, go back): filters,
 * search, the selected instruction (`i`) and how many responses its audit loads (`n`).
 */
export const instructionsUrlSchema = z.object({
  status: z.enum(["pending", "kept", "dropped"]).optional(),
  review: z.enum(["unreviewed", "approved", "rejected"]).optional(),
  reason: z.string().max(200).optional(),
  flag: z.enum(["compile-error", "runtime-error"]).optional(),
  search: z.string().max(200).optional(),
  /** Number of constraints: 1 for atomic instructions, 2 and up for compounds. */
  c: z.coerce.number().int().min(1).max(11).optional(),
  i: z.coerce.number().int().positive().optional(),
  n: z.coerce.number().int().positive().max(2000).optional(),
});
export type InstructionsUrl = z.infer<typeof instructionsUrlSchema>;
export type ListFilter = Pick<
  InstructionsUrl,
  "status" | "review" | "reason" | "flag" | "search" | "c"
>;

type Counts = RouterOutputs["instruction"]["list"]["counts"];

/** Filters on pipeline status, review status, drop reason and error flags, each value with its count. */
export function InstructionFilters({
  filter,
  counts,
  onChange,
  searchRef,
}: {
  filter: ListFilter;
  counts: Counts | undefined;
  onChange: (patch: Partial<ListFilter>) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
}) {
  const n = (x: number | undefined) => (counts ? ` (${x ?? 0})` : "");
  // The box owns what is typed; the URL (and the query) follow 250 ms after the last key.
  const [search, setSearch] = useDebouncedText(
    filter.search ?? "",
    useCallback((text: string) => onChange({ search: text || undefined }), [onChange]),
  );
  return (
    <div className="toolbar instruction-filters">
      <div role="group" aria-label="Filter by status" className="segmented">
        {([undefined, "kept", "pending", "dropped"] as const).map((s) => (
          <button
            key={s ?? "all"}
            type="button"
            aria-pressed={filter.status === s}
            onClick={() => onChange({ status: s })}
          >
            {s ? s[0]!.toUpperCase() + s.slice(1) : "All"}
            {n(s ? counts?.status[s] : counts?.all)}
          </button>
        ))}
      </div>
      <select
        aria-label="Review status"
        value={filter.review ?? ""}
        onChange={(e) =>
          onChange({ review: (e.target.value || undefined) as ListFilter["review"] })
        }
      >
        <option value="">Any review{n(counts?.all)}</option>
        {(["unreviewed", "approved", "rejected"] as const).map((r) => (
          <option key={r} value={r}>
            {r}
            {n(counts?.review[r])}
          </option>
        ))}
      </select>
      <select
        aria-label="Drop reason"
        value={filter.reason ?? ""}
        onChange={(e) => onChange({ reason: e.target.value || undefined })}
        style={{ maxWidth: 260 }}
      >
        <option value="">Any drop reason</option>
        {counts?.reasons.map((r) => (
          <option key={r.group} value={r.group}>
            {r.group} ({r.count})
          </option>
        ))}
      </select>
      <select
        aria-label="Error flag"
        value={filter.flag ?? ""}
        onChange={(e) => onChange({ flag: (e.target.value || undefined) as ListFilter["flag"] })}
      >
        <option value="">No error filter</option>
        <option value="compile-error">Verifier does not compile{n(counts?.compileError)}</option>
        <option value="runtime-error">Verifier errors when run{n(counts?.runtimeError)}</option>
      </select>
      {counts && Object.keys(counts.constraints).some((k) => k !== "1") ? (
        <select
          aria-label="Number of constraints"
          value={filter.c ?? ""}
          onChange={(e) => onChange({ c: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">Any number of constraints{n(counts.all)}</option>
          {Object.entries(counts.constraints)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([k, v]) => (
              <option key={k} value={k}>
                {k === "1" ? "1 constraint (atomic)" : `${k} constraints (compound)`} ({v})
              </option>
            ))}
        </select>
      ) : null}
      <input
        ref={searchRef}
        type="search"
        aria-label="Search instructions"
        placeholder="Search text ( / )"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        style={{ width: 220 }}
      />
    </div>
  );
}
