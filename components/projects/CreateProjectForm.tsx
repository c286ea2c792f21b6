"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fieldProblems, problemsOf } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";

/** One-line form: a name and a preset; opens the new project's seeds on success. */
export function CreateProjectForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [preset, setPreset] = useState<"paper" | "code">("paper");
  const create = useMutation(
    trpc.project.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries({ queryKey: trpc.project.pathKey() });
        router.push(`/projects/${project.id}/seeds`);
      },
    }),
  );
  const nameError = create.error
    ? (fieldProblems(create.error).name ?? problemsOf(create.error).message)
    : undefined;

  return (
    <form
      className="toolbar panel"
      aria-label="Create project"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, preset });
      }}
    >
      <label htmlFor="new-project-name">New project</label>
      <input
        id="new-project-name"
        type="text"
        placeholder="e.g. Format constraints v2"
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={nameError ? true : undefined}
        aria-describedby={nameError ? "new-project-error" : undefined}
        style={{ width: 280 }}
      />
      <label htmlFor="new-project-preset">Preset</label>
      <select
        id="new-project-preset"
        value={preset}
        onChange={(e) => setPreset(e.target.value === "code" ? "code" : "paper")}
      >
        <option value="paper">paper (thresholds of the AutoIF paper)</option>
        <option value="code">code (thresholds of the reference scripts)</option>
      </select>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create project
      </button>
      {nameError ? (
        <span id="new-project-error" role="alert" className="field-error">
          {nameError}
        </span>
      ) : null}
    </form>
  );
}
