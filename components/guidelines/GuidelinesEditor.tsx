"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { GUIDELINES_MAX_CHARS } from "@/lib/schemas/guidelines";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";
import { GuidelinesText } from "./GuidelinesText";

/** Project settings: the annotation guidelines, written as plain text or Markdown, with a preview. */
export function GuidelinesEditor({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.guidelines.get.queryOptions({ projectId }));
  // The text being written, and the version it started from (to refuse overwriting someone else's save).
  const [draft, setDraft] = useState<{ text: string; basedOn: number | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.guidelines.set.mutationOptions({
      onSuccess: async (result) => {
        queryClient.setQueryData(trpc.guidelines.get.queryKey({ projectId }), result);
        setDraft(null);
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.guidelines.pathKey() });
      },
      // Someone else saved meanwhile: fetch their version, so Discard shows it.
      onError: () => queryClient.invalidateQueries({ queryKey: trpc.guidelines.pathKey() }),
    }),
  );
  const stored = q.data;
  const text = draft?.text ?? stored?.text ?? "";
  const tooLong = text.length > GUIDELINES_MAX_CHARS;
  return (
    <section id="guidelines" className="panel guidelines-editor" aria-labelledby="guidelines-title">
      <h2 id="guidelines-title">Annotation guidelines</h2>
      <p className="hint">
        What reviewers should know when they approve, reject and label: shown beside the
        Instructions, Responses and Pairs pages (press g there to show or hide them) and written
        into every export&apos;s manifest. Plain text or Markdown (headings, lists, emphasis, links,
        code); HTML is shown as text.
      </p>
      <ErrorAlert error={q.error} title="Could not load the guidelines" />
      {stored ? (
        <form
          aria-label="Annotation guidelines"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft) save.mutate({ projectId, text: draft.text, basedOn: draft.basedOn });
          }}
        >
          <div className="guidelines-split">
            <div className="guidelines-field">
              <textarea
                aria-label="Guidelines text"
                rows={10}
                value={text}
                placeholder={"# Labelling\n\nA response **follows** the instruction when…"}
                onChange={(e) => {
                  setSaved(false);
                  save.reset();
                  setDraft({ text: e.target.value, basedOn: draft?.basedOn ?? stored.updatedAt });
                }}
              />
              <span className={tooLong ? "field-error" : "hint"}>
                {text.length.toLocaleString()} / {GUIDELINES_MAX_CHARS.toLocaleString()} characters
              </span>
            </div>
            <div className="guidelines-preview" role="region" aria-label="Guidelines preview">
              {text.trim() === "" ? (
                <p className="hint">The preview appears here.</p>
              ) : (
                <GuidelinesText text={text} />
              )}
            </div>
          </div>
          <div className="toolbar">
            <button
              type="submit"
              className="primary"
              disabled={!draft || tooLong || save.isPending}
            >
              {save.isPending ? "Saving…" : "Save guidelines"}
            </button>
            <button
              type="button"
              disabled={!draft}
              onClick={() => {
                setDraft(null);
                save.reset();
              }}
            >
              Discard
            </button>
            {saved && !draft ? (
              <span role="status" className="hint">
                Guidelines saved.
              </span>
            ) : null}
            {stored.updatedAt ? (
              <span className="hint">Last saved {new Date(stored.updatedAt).toLocaleString()}</span>
            ) : null}
          </div>
          <ErrorAlert error={save.error} title="Guidelines not saved" />
        </form>
      ) : null}
    </section>
  );
}
