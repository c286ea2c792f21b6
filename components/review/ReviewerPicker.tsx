"use client";

import { useState } from "react";
import { useReviewer } from "./useReviewer";

/** Who the verdicts are attributed to: a name typed once and kept in this browser. */
export function ReviewerPicker() {
  const [reviewer, setReviewer] = useReviewer();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  if (reviewer && !editing) {
    return (
      <span className="reviewer-picker">
        Reviewing as <strong>{reviewer}</strong>
        <button
          type="button"
          className="link"
          onClick={() => {
            setDraft(reviewer);
            setEditing(true);
          }}
        >
          change
        </button>
      </span>
    );
  }
  return (
    <form
      className="reviewer-picker"
      aria-label="Reviewer"
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) return;
        setReviewer(draft);
        setEditing(false);
      }}
    >
      <label htmlFor="reviewer-name">Your reviewer name</label>
      <input
        id="reviewer-name"
        type="text"
        value={draft}
        maxLength={60}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="e.g. ada"
        style={{ width: 140 }}
      />
      <button type="submit" className="small primary" disabled={!draft.trim()}>
        Use this name
      </button>
    </form>
  );
}
