"use client";

import { ErrorAlert } from "../ui/ErrorAlert";

export const PREVIEW_SIZES = [3, 5, 10, 20] as const;

/** A line as indented JSON for reading; the line itself if it does not parse (it always should). */
function pretty(line: string) {
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return line;
  }
}

/**
 * The first lines of the file the current choices would write, from the same writer as the
 * download. Shown as text (never HTML), indented for reading; the file holds each on one line.
 */
export function ExportPreview(props: {
  lines: string[] | null;
  emptyReason: string | null;
  error: unknown;
  fetching: boolean;
  enabled: boolean;
  limit: number;
  onLimit: (n: number) => void;
}) {
  const lines = props.lines ?? [];
  return (
    <section className="panel export-preview" aria-label="Preview">
      <div className="toolbar">
        <h2>Preview</h2>
        <label htmlFor="export-preview-size">First</label>
        <select
          id="export-preview-size"
          value={props.limit}
          onChange={(e) => props.onLimit(Number(e.target.value))}
        >
          {PREVIEW_SIZES.map((n) => (
            <option key={n} value={n}>
              {n} lines
            </option>
          ))}
        </select>
        <span className="hint">
          of the file as it will be written{props.fetching ? " (updating…)" : ""}
        </span>
      </div>
      <ErrorAlert error={props.error} title="Could not preview the export" />
      {!props.enabled ? <p className="hint">Fix the filters above to see a preview.</p> : null}
      {props.enabled && props.lines !== null && lines.length === 0 ? (
        <p className="hint">No lines. {props.emptyReason}</p>
      ) : null}
      <ol className="export-preview-lines" aria-label="First lines of the file">
        {lines.map((line, i) => (
          <li key={i}>
            <pre>{pretty(line)}</pre>
          </li>
        ))}
      </ol>
    </section>
  );
}
