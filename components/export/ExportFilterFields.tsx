"use client";

import type { ExportFilters } from "@/lib/formats/exportRequest";

const STATUSES = ["kept", "pending", "dropped"] as const;

function RangeField(props: {
  id: string;
  label: string;
  max: number;
  step: number;
  min: number | null;
  maxValue: number | null;
  onChange: (min: number | null, max: number | null) => void;
}) {
  const parse = (v: string) => (v.trim() === "" ? null : Number(v));
  const bad = props.min !== null && props.maxValue !== null && props.min > props.maxValue;
  return (
    <div className="export-field">
      <span className="export-label" id={`${props.id}-label`}>
        {props.label}
      </span>
      <input
        aria-label={`${props.label} from`}
        id={`${props.id}-min`}
        type="number"
        min={0}
        max={props.max}
        step={props.step}
        placeholder="min"
        value={props.min ?? ""}
        onChange={(e) => props.onChange(parse(e.target.value), props.maxValue)}
      />
      <span className="hint">to</span>
      <input
        aria-label={`${props.label} to`}
        type="number"
        min={0}
        max={props.max}
        step={props.step}
        placeholder="max"
        value={props.maxValue ?? ""}
        onChange={(e) => props.onChange(props.min, parse(e.target.value))}
      />
      {bad ? (
        <div className="field-error" role="alert">
          The lower bound is above the upper bound: nothing can match.
        </div>
      ) : null}
    </div>
  );
}

/** The export filters: pipeline and review status, instruction status, score and pass-rate ranges. */
export function ExportFilterFields({
  kind,
  filters,
  onChange,
}: {
  kind: "sft" | "dpo";
  filters: ExportFilters;
  onChange: (f: ExportFilters) => void;
}) {
  const set = (patch: Partial<ExportFilters>) => onChange({ ...filters, ...patch });
  const of = kind === "dpo" ? " (chosen response)" : "";
  return (
    <fieldset className="export-filters">
      <legend>Filters</legend>
      <div className="export-field">
        <label className="export-label" htmlFor="export-pipeline">
          Pipeline
        </label>
        <select
          id="export-pipeline"
          value={filters.pipeline}
          onChange={(e) => set({ pipeline: e.target.value as ExportFilters["pipeline"] })}
        >
          <option value="kept">kept by the pipeline</option>
          <option value="kept-or-approved">kept, or approved by a reviewer</option>
          <option value="any">any status</option>
        </select>
      </div>
      <div className="export-field">
        <label className="export-label" htmlFor="export-review">
          Review
        </label>
        <select
          id="export-review"
          value={filters.review}
          onChange={(e) => set({ review: e.target.value as ExportFilters["review"] })}
        >
          <option value="exclude-rejected">exclude rejected</option>
          <option value="approved-only">approved only</option>
        </select>
        <span className="hint">Rejected items are never exported.</span>
      </div>
      <div className="export-field" role="group" aria-label="Instruction status">
        <span className="export-label">Instruction</span>
        {STATUSES.map((s) => (
          <label key={s} className="inline-check">
            <input
              type="checkbox"
              checked={filters.instructionStatus.includes(s)}
              disabled={
                filters.instructionStatus.length === 1 && filters.instructionStatus[0] === s
              }
              onChange={(e) =>
                set({
                  instructionStatus: e.target.checked
                    ? [...filters.instructionStatus, s]
                    : filters.instructionStatus.filter((x) => x !== s),
                })
              }
            />
            {s}
          </label>
        ))}
      </div>
      <RangeField
        id="export-score"
        label={`Score 0-10${of}`}
        max={10}
        step={0.5}
        min={filters.minScore}
        maxValue={filters.maxScore}
        onChange={(minScore, maxScore) => set({ minScore, maxScore })}
      />
      <RangeField
        id="export-pass"
        label={`Pass rate 0-1${of}`}
        max={1}
        step={0.05}
        min={filters.minPassRate}
        maxValue={filters.maxPassRate}
        onChange={(minPassRate, maxPassRate) => set({ minPassRate, maxPassRate })}
      />
    </fieldset>
  );
}
