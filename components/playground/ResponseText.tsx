"use client";

import { useState } from "react";

const MAX_CHARS = 240;
const MAX_LINES = 4;

/** A response as text, cut to a few lines until the reader expands it. */
export function ResponseText({ text, label }: { text: string; label: string }) {
  const [expanded, setExpanded] = useState(false);
  const lines = text.split("\n");
  const long = text.length > MAX_CHARS || lines.length > MAX_LINES;
  const shown =
    expanded || !long ? text : `${lines.slice(0, MAX_LINES).join("\n").slice(0, MAX_CHARS)}…`;
  return (
    <>
      <span className="text-cell">{shown}</span>
      {long ? (
        <>
          {" "}
          <button
            type="button"
            className="link"
            aria-expanded={expanded}
            aria-label={`${expanded ? "Show less of" : "Show all of"} ${label}`}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded
              ? "Show less"
              : `Show all (${text.length.toLocaleString("en-US")} characters)`}
          </button>
        </>
      ) : null}
    </>
  );
}
