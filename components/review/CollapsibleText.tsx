"use client";

/** Characters shown of a long text before "Show all". */
export const COLLAPSE_AT = 1200;

/** Data shown as text (never HTML); a long one collapsed to its start until expanded. */
export function CollapsibleText({
  text,
  expanded,
  onToggle,
  label,
}: {
  text: string;
  expanded: boolean;
  onToggle: () => void;
  label: string;
}) {
  const long = text.length > COLLAPSE_AT;
  const shown = long && !expanded ? `${text.slice(0, COLLAPSE_AT)}…` : text;
  return (
    <div className="review-text-block">
      <div className="review-text text-cell" aria-label={label}>
        {shown}
      </div>
      {long ? (
        <button type="button" className="link" aria-expanded={expanded} onClick={onToggle}>
          {expanded ? "Collapse" : `Show all ${text.length.toLocaleString("en")} characters`}{" "}
          <kbd>o</kbd>
        </button>
      ) : null}
    </div>
  );
}
