"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { GUIDELINES_KEY } from "@/lib/review/keys";
import { useReviewKeys } from "../review/useReviewKeys";
import { useTRPC } from "../trpc/trpc";
import { GuidelinesText } from "./GuidelinesText";

const KEY = "autoif.guidelines.hidden";
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const readHidden = () => window.localStorage.getItem(KEY) === "1";
function setHidden(hidden: boolean) {
  window.localStorage.setItem(KEY, hidden ? "1" : "0");
  for (const l of listeners) l();
}

/**
 * The project's annotation guidelines in a column beside a review page (Instructions, Responses,
 * Pairs). `g` shows or hides it; the choice is kept in this browser.
 */
export function GuidelinesAside({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.guidelines.get.queryOptions({ projectId }));
  const hidden = useSyncExternalStore(subscribe, readHidden, () => false);

  // The key every review page lists in its help, from the same table entry.
  useReviewKeys([GUIDELINES_KEY], (action) => {
    if (action !== "guidelines") return false;
    setHidden(!readHidden());
    return true;
  });

  if (hidden) {
    return (
      <aside className="guidelines-aside collapsed" aria-label="Annotation guidelines">
        <button
          type="button"
          className="small"
          aria-expanded={false}
          title="Show the annotation guidelines (g)"
          onClick={() => setHidden(false)}
        >
          Guidelines
        </button>
      </aside>
    );
  }
  const text = q.data?.text ?? "";
  return (
    <aside className="guidelines-aside" aria-label="Annotation guidelines">
      <div className="toolbar guidelines-head">
        <strong>Guidelines</strong>
        <span className="spacer" />
        <Link className="small" href={`/projects/${projectId}/settings#guidelines`}>
          Edit
        </Link>
        <button
          type="button"
          className="small"
          aria-expanded
          title="Hide the annotation guidelines (g)"
          onClick={() => setHidden(true)}
        >
          Hide
        </button>
      </div>
      {q.error ? <p className="alert error">Could not load the guidelines.</p> : null}
      {q.data && text.trim() === "" ? (
        <p className="hint">
          No annotation guidelines yet. Write what &quot;follows&quot;, &quot;approve&quot; and
          &quot;reject&quot; mean for this project in{" "}
          <Link href={`/projects/${projectId}/settings#guidelines`}>Settings</Link>.
        </p>
      ) : null}
      {text.trim() !== "" ? <GuidelinesText text={text} /> : null}
    </aside>
  );
}
