"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { fieldProblems, problemsOf } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";

/** Writes one seed instruction; Ctrl+Enter or the button adds it, the field keeps focus. */
export function AddSeedForm(props: { projectId: number; onAdded: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [tags, setTags] = useState("");
  const add = useMutation(
    trpc.seed.add.mutationOptions({
      onSuccess: async () => {
        setText("");
        await props.onAdded();
      },
    }),
  );
  const problems = fieldProblems(add.error);
  const textError = add.error ? (problems.text ?? problemsOf(add.error).message) : undefined;
  const tagsError = Object.entries(problems).find(([k]) => k.startsWith("tags"))?.[1];
  const submit = () =>
    add.mutate({
      projectId: props.projectId,
      text,
      tags: tags
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    });

  return (
    <form
      className="panel"
      aria-label="Add seed instruction"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="new-seed-text">
        <strong>New seed instruction</strong>{" "}
        <span className="hint">
          an atomic, verifiable format constraint, e.g. &quot;Answer in fewer than 60 words.&quot;
        </span>
      </label>
      <textarea
        id="new-seed-text"
        rows={2}
        value={text}
        aria-invalid={textError ? true : undefined}
        aria-describedby={textError ? "new-seed-error" : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {textError ? (
        <div id="new-seed-error" role="alert" className="field-error">
          {textError}
        </div>
      ) : null}
      <div className="toolbar" style={{ marginTop: 6, marginBottom: 0 }}>
        <label htmlFor="new-seed-tags">Tags</label>
        <input
          id="new-seed-tags"
          type="text"
          placeholder="comma-separated, e.g. length, words"
          value={tags}
          aria-invalid={tagsError ? true : undefined}
          onChange={(e) => setTags(e.target.value)}
          style={{ width: 260 }}
        />
        {tagsError ? <span className="field-error">{tagsError}</span> : null}
        <span className="spacer" />
        <span className="hint">
          {Array.from(text.trim()).length.toLocaleString()} / 2,000 characters · Ctrl+Enter adds
        </span>
        <button type="submit" className="primary" disabled={add.isPending}>
          Add seed
        </button>
      </div>
    </form>
  );
}
