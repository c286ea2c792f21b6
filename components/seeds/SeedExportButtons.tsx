"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemsOf } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";

function download(fileName: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Downloads the project's seeds as .txt or .jsonl. */
export function SeedExportButtons(props: { projectId: number; disabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  async function exportAs(format: "txt" | "jsonl") {
    setError(null);
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.seed.export.queryOptions({ projectId: props.projectId, format }),
        staleTime: 0,
      });
      download(file.fileName, file.content, format === "txt" ? "text/plain" : "application/jsonl");
    } catch (e) {
      setError(problemsOf(e).message);
    }
  }
  return (
    <div className="toolbar" style={{ margin: 0 }}>
      <span className="hint">Export</span>
      <button type="button" disabled={props.disabled} onClick={() => void exportAs("txt")}>
        .txt
      </button>
      <button type="button" disabled={props.disabled} onClick={() => void exportAs("jsonl")}>
        .jsonl
      </button>
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
