"use client";

import type { RouterOutputs } from "../trpc/trpc";

export interface ListFilter {
  status?: "pending" | "kept" | "dropped";
  review?: "unreviewed" | "approved" | "rejected";
  reason?: string;
  flag?: "compile-error" | "runtime-error";
  search: string;
}

type Counts = RouterOutputs["instruction"]["list"]["counts"];

/** Filters on pipeline status, review status, drop reason and error flags, each value with its count. */
export function InstructionFilters({ filter, counts, onChange, searchRef }: { filter: ListFilter; counts: Counts | undefined; onChange: (patch: Partial<ListFilter>) => void; searchRef: React.RefObject<HTMLInputElement | null> }) {
  const n = (x: number | undefined) => (counts ? ` (${x ?? 0})` : "");
  return (
    <div className="toolbar instruction-filters">
      <div role="group" aria-label="Filter by status" className="segmented">
        {([undefined, "kept", "pending", "dropped"] as const).map((s) => (
          <button key={s ?? "all"} type="button" aria-pressed={filter.status === s} onClick={() => onChange({ status: s })}>
            {s ? s[0]!.toUpperCase() + s.slice(1) : "All"}{n(s ? counts?.status[s] : counts?.all)}
          </button>
        ))}
      </div>
      <select aria-label="Review status" value={filter.review ?? ""} onChange={(e) => onChange({ review: (e.target.value || undefined) as ListFilter["review"] })}>
        <option value="">Any review{n(counts?.all)}</option>
        {(["unreviewed", "approved", "rejected"] as const).map((r) => <option key={r} value={r}>{r}{n(counts?.review[r])}</option>)}
      </select>
      <select aria-label="Drop reason" value={filter.reason ?? ""} onChange={(e) => onChange({ reason: e.target.value || undefined })} style={{ maxWidth: 260 }}>
        <option value="">Any drop reason</option>
        {counts?.reasons.map((r) => <option key={r.group} value={r.group}>{r.group} ({r.count})</option>)}
      </select>
      <select aria-label="Error flag" value={filter.flag ?? ""} onChange={(e) => onChange({ flag: (e.target.value || undefined) as ListFilter["flag"] })}>
        <option value="">No error filter</option>
        <option value="compile-error">Verifier does not compile{n(counts?.compileError)}</option>
        <option value="runtime-error">Verifier errors when run{n(counts?.runtimeError)}</option>
      </select>
      <input ref={searchRef} type="search" aria-label="Search instructions" placeholder="Search text ( / )" value={filter.search} onChange={(e) => onChange({ search: e.target.value })} style={{ width: 220 }} />
    </div>
  );
}
