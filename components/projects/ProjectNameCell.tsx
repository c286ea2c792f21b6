"use client";

import Link from "next/link";
import { useState } from "react";

/** A project's name as a link, with an inline rename (Enter saves, Escape cancels). */
export function ProjectNameCell(props: {
  project: { id: number; name: string; description: string; isExample: boolean };
  saving: boolean;
  error?: string;
  onRename: (name: string) => Promise<unknown>;
}) {
  const { project } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(project.name);

  if (editing) {
    return (
      <form
        className="toolbar"
        style={{ margin: 0 }}
        onSubmit={(e) => {
          e.preventDefault();
          props.onRename(draft).then(
            () => setEditing(false),
            () => undefined,
          );
        }}
      >
        <input
          type="text"
          aria-label={`New name for ${project.name}`}
          value={draft}
          maxLength={100}
          autoFocus
          aria-invalid={props.error ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(false);
          }}
        />
        <button type="submit" className="small primary" disabled={props.saving}>
          Save
        </button>
        <button type="button" className="small" onClick={() => setEditing(false)}>
          Cancel
        </button>
        {props.error ? (
          <span role="alert" className="field-error">
            {props.error}
          </span>
        ) : null}
      </form>
    );
  }
  return (
    <div>
      <Link href={`/projects/${project.id}/seeds`}>{project.name}</Link>{" "}
      {project.isExample ? <span className="badge example">example data</span> : null}{" "}
      <button
        type="button"
        className="link small"
        aria-label={`Rename project ${project.name}`}
        onClick={() => {
          setDraft(project.name);
          setEditing(true);
        }}
      >
        Rename
      </button>
      {project.description ? <div className="hint">{project.description}</div> : null}
    </div>
  );
}
