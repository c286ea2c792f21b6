"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import { fieldProblems } from "../trpc/problems";
import { useTRPC } from "../trpc/trpc";
import { CreateProjectForm } from "./CreateProjectForm";
import { DeleteProjectDialog } from "./DeleteProjectDialog";
import { ProjectNameCell } from "./ProjectNameCell";

/** The projects table: open, rename inline, delete after a confirmation. */
export function ProjectList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const projects = useQuery(trpc.project.list.queryOptions());
  const [deleting, setDeleting] = useState<{ id: number; name: string } | null>(null);
  const rename = useMutation(
    trpc.project.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.project.pathKey() }),
    }),
  );

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Projects</h1>
          <p className="subtitle">
            A project holds seed instructions, the pipeline configuration, and everything a run
            produces from them.
          </p>
        </div>
      </div>
      <CreateProjectForm />
      <ErrorAlert error={projects.error} title="Could not load projects" />
      {projects.data && projects.data.length === 0 ? (
        <div className="empty">
          No projects yet. Create one above to start writing seed instructions.
        </div>
      ) : null}
      {projects.data && projects.data.length > 0 ? (
        <table className="grid" aria-label="Projects">
          <thead>
            <tr>
              <th>Name</th>
              <th>Preset</th>
              <th className="num">Seeds</th>
              <th className="num">Instructions</th>
              <th>Updated</th>
              <th className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {projects.data.map((p) => (
              <tr key={p.id}>
                <td>
                  <ProjectNameCell
                    project={p}
                    saving={rename.isPending && rename.variables?.id === p.id}
                    error={
                      rename.variables?.id === p.id ? fieldProblems(rename.error).name : undefined
                    }
                    onRename={(name) => rename.mutateAsync({ id: p.id, name })}
                  />
                </td>
                <td>{p.preset}</td>
                <td className="num">{p.seedCount}</td>
                <td className="num">{p.instructionCount}</td>
                <td>{p.updatedAt.toLocaleString()}</td>
                <td className="actions">
                  <Link className="button small" href={`/projects/${p.id}/settings`}>
                    Settings
                  </Link>{" "}
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Delete project ${p.name}`}
                    onClick={() => setDeleting({ id: p.id, name: p.name })}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {deleting ? (
        <DeleteProjectDialog project={deleting} onClose={() => setDeleting(null)} />
      ) : null}
    </main>
  );
}
