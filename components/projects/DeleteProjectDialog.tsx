"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useTRPC } from "../trpc/trpc";

function plural(n: number, word: string, many = `${word}s`) {
  return `${n.toLocaleString()} ${n === 1 ? word : many}`;
}

/** Confirms a project deletion and names everything that goes with it. */
export function DeleteProjectDialog(props: {
  project: { id: number; name: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useQuery(trpc.project.deletionSummary.queryOptions({ id: props.project.id }));
  const remove = useMutation(
    trpc.project.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.project.pathKey() });
        props.onClose();
      },
    }),
  );
  const s = summary.data;
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => {
        if (!open) props.onClose();
      }}
      title={`Delete project "${props.project.name}"?`}
      confirmLabel="Delete project"
      busy={remove.isPending || !s}
      onConfirm={() => remove.mutate({ id: props.project.id })}
    >
      <p>This permanently deletes the project and everything in it:</p>
      {s ? (
        <ul>
          <li>{plural(s.seedInstructions, "seed instruction")}</li>
          <li>{plural(s.instructions, "instruction")} with their verifiers and test cases</li>
          <li>{plural(s.queries, "query", "queries")} in the pool</li>
          <li>
            {plural(s.responses, "response")} and {plural(s.preferencePairs, "preference pair")}
          </li>
          <li>{plural(s.runs, "run")} with their LLM call log</li>
        </ul>
      ) : (
        <p className="hint">Counting what will be deleted...</p>
      )}
      <p>Exported files already on disk are not touched. This cannot be undone.</p>
      <ErrorAlert error={summary.error ?? remove.error} />
    </ConfirmDialog>
  );
}
