"use client";

import { useState } from "react";

/** Tags as chips with a remove button each, and a small input that adds one on Enter. */
export function TagEditor(props: {
  tags: string[];
  label: string;
  onChange: (tags: string[]) => void;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const tag = draft.trim().toLowerCase();
    setDraft("");
    if (tag && !props.tags.includes(tag)) props.onChange([...props.tags, tag]);
  };
  return (
    <div>
      {props.tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
          <button
            type="button"
            aria-label={`Remove tag ${tag} from ${props.label}`}
            disabled={props.disabled}
            onClick={() => props.onChange(props.tags.filter((t) => t !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        type="text"
        aria-label={`Add tag to ${props.label}`}
        placeholder="+ tag"
        value={draft}
        disabled={props.disabled}
        maxLength={40}
        size={8}
        style={{ padding: "0 5px", fontSize: 11 }}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
        onBlur={() => {
          if (draft.trim()) add();
        }}
      />
    </div>
  );
}
