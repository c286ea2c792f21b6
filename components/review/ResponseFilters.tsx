"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ResponseFilter } from "@/lib/schemas/reviewFilters";
import { useTRPC } from "../trpc/trpc";
import { useDebouncedText } from "../ui/useDebounced";

const PIPELINE = [undefined, "kept", "dropped", "pending"] as const;
const SORTS = [
  ["id", "Order written"],
  ["pass-rate-desc", "Pass rate, high first"],
  ["pass-rate-asc", "Pass rate, low first"],
  ["score-desc", "Score, high first"],
  ["score-asc", "Score, low first"],
] as const;

function NumberFilter({
  id,
  label,
  value,
  step,
  max,
  onChange,
}: {
  id: string;
  label: string;
  value: number | undefined;
  step: number;
  max: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <>
      <label htmlFor={id} className="hint">
        {label}
      </label>
      <input
        id={id}
        type="number"
        min={0}
        max={max}
        step={step}
        style={{ width: 62 }}
        value={value ?? ""}
        onChange={(e) =>
          onChange(
            e.target.value === "" || Number.isNaN(e.target.valueAsNumber)
              ? undefined
              : e.target.valueAsNumber,
          )
        }
      />
    </>
  );
}

/** The Responses page's filters, sort and search; every change goes to the URL. */
export function ResponseFilters({
  projectId,
  filter,
  update,
  searchRef,
  instructionLabel,
}: {
  projectId: number;
  filter: ResponseFilter;
  update: (p: Partial<ResponseFilter>) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
  instructionLabel: string;
}) {
  const trpc = useTRPC();
  const facets = useQuery(trpc.response.facets.queryOptions({ projectId }));
  const f = facets.data;
  // Typing is debounced: one request for a word, not one per letter.
  const [search, setSearch] = useDebouncedText(
    filter.search ?? "",
    useCallback((text: string) => update({ search: text || undefined }), [update]),
  );
  return (
    <div className="review-filters" role="group" aria-label="Filters">
      <div className="toolbar">
        <div role="group" aria-label="Pipeline status" className="segmented">
          {PIPELINE.map((p) => (
            <button
              key={p ?? "all"}
              type="button"
              aria-pressed={filter.pipeline === p}
              onClick={() => update({ pipeline: p })}
            >
              {p ? p[0]!.toUpperCase() + p.slice(1) : "All"}{" "}
              {f ? `(${(p ? (f.pipeline[p] ?? 0) : f.total).toLocaleString("en")})` : ""}
            </button>
          ))}
        </div>
        <label htmlFor="filter-review" className="hint">
          Review
        </label>
        <select
          id="filter-review"
          value={filter.review ?? ""}
          onChange={(e) =>
            update({ review: (e.target.value || undefined) as ResponseFilter["review"] })
          }
        >
          <option value="">any</option>
          {(["unreviewed", "approved", "rejected"] as const).map((r) => (
            <option key={r} value={r}>
              {r} {f ? `(${(f.review[r] ?? 0).toLocaleString("en")})` : ""}
            </option>
          ))}
        </select>
        <label htmlFor="filter-reason" className="hint">
          Drop reason
        </label>
        <select
          id="filter-reason"
          value={filter.reason ?? ""}
          onChange={(e) => update({ reason: e.target.value || undefined })}
          style={{ maxWidth: 220 }}
        >
          <option value="">any</option>
          {f?.reasons.map((r) => (
            <option key={r.reason} value={r.reason}>
              {r.reason} ({r.count.toLocaleString("en")})
            </option>
          ))}
        </select>
        {f && Object.keys(f.constraints).some((k) => k !== "1") ? (
          <>
            <label htmlFor="filter-constraints" className="hint">
              Constraints
            </label>
            <select
              id="filter-constraints"
              value={filter.constraints ?? ""}
              onChange={(e) =>
                update({ constraints: e.target.value ? Number(e.target.value) : undefined })
              }
            >
              <option value="">any</option>
              {Object.entries(f.constraints)
                .sort(([a], [b]) => Number(a) - Number(b))
                .map(([k, v]) => (
                  <option key={k} value={k}>
                    {k === "1" ? "1 (atomic)" : `${k} (compound)`} ({v.toLocaleString("en")})
                  </option>
                ))}
            </select>
          </>
        ) : null}
        <label htmlFor="filter-sort" className="hint">
          Sort
        </label>
        <select
          id="filter-sort"
          value={filter.sort}
          onChange={(e) => update({ sort: e.target.value as ResponseFilter["sort"] })}
        >
          {SORTS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar">
        <NumberFilter
          id="filter-score-min"
          label="Score ≥"
          value={filter.scoreMin}
          step={0.5}
          max={10}
          onChange={(v) => update({ scoreMin: v })}
        />
        <NumberFilter
          id="filter-score-max"
          label="≤"
          value={filter.scoreMax}
          step={0.5}
          max={10}
          onChange={(v) => update({ scoreMax: v })}
        />
        <NumberFilter
          id="filter-pass-min"
          label="Pass rate ≥"
          value={filter.passMin}
          step={0.05}
          max={1}
          onChange={(v) => update({ passMin: v })}
        />
        <NumberFilter
          id="filter-pass-max"
          label="≤"
          value={filter.passMax}
          step={0.05}
          max={1}
          onChange={(v) => update({ passMax: v })}
        />
        {filter.instructionId !== undefined ? (
          <span className="tag">
            {instructionLabel}
            <button
              type="button"
              aria-label="Any instruction"
              onClick={() => update({ instructionId: undefined })}
            >
              ×
            </button>
          </span>
        ) : null}
        <input
          ref={searchRef}
          type="search"
          aria-label="Search responses"
          placeholder="Search response, query, instruction  ( / )"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape" || e.key === "Enter") e.currentTarget.blur();
          }}
          style={{ width: 300 }}
        />
      </div>
    </div>
  );
}
