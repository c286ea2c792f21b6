"use client";

import { useMutation } from "@tanstack/react-query";
import { problemsOf } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";

/** "Test connection" for one LLM role: lists the endpoint's models and the latency, or the exact error. */
export function TestConnection(props: {
  projectId: number;
  role: "generator" | "judge";
  settings: unknown;
}) {
  const trpc = useTRPC();
  const test = useMutation(trpc.llm.testConnection.mutationOptions());
  const r = test.data;
  return (
    <div className="test-connection">
      <button
        type="button"
        className="small"
        disabled={test.isPending}
        onClick={() =>
          test.mutate({ projectId: props.projectId, role: props.role, settings: props.settings })
        }
      >
        {test.isPending ? "Testing…" : "Test connection"}
      </button>
      <div role="status" aria-label={`${props.role} connection`}>
        {test.error ? <span className="field-error">{problemsOf(test.error).message}</span> : null}
        {r && !r.ok ? <span className="field-error">{r.error}</span> : null}
        {r && r.ok ? (
          <span className={r.modelFound ? "ok-text" : "field-error"}>
            {r.modelFound ? "Connected" : `Connected, but the endpoint has no model "${r.model}"`} ·{" "}
            {r.baseUrl} · {Math.round(r.latencyMs)} ms ·{" "}
            {r.keySource ? `key from ${r.keySource}` : "no key"} · models:{" "}
            {r.models.slice(0, 8).join(", ")}
            {r.models.length > 8 ? ` and ${r.models.length - 8} more` : ""}
          </span>
        ) : null}
      </div>
    </div>
  );
}
