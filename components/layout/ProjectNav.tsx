"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTRPC } from "../trpc/trpc";

/** Every area of a project, in the order the method uses them. */
export const projectSections = [
  { slug: "seeds", label: "Seeds", ready: true },
  { slug: "queries", label: "Queries", ready: true },
  { slug: "instructions", label: "Instructions", ready: true },
  { slug: "conflicts", label: "Conflicts", ready: true },
  { slug: "responses", label: "Responses", ready: true },
  { slug: "pairs", label: "Pairs", ready: true },
  { slug: "runs", label: "Runs", ready: true },
  { slug: "export", label: "Export", ready: true },
  { slug: "settings", label: "Settings", ready: true },
] as const;

/** The per-project sidebar; marks the current section for screen readers and the eye. */
export function ProjectNav({ projectId }: { projectId: number }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const project = useQuery(trpc.project.byId.queryOptions({ id: projectId }));
  return (
    <aside className="sidebar">
      <div className="project-name">
        <small>Project</small>
        {project.data?.name ?? (project.error ? "Project not found" : "\u00a0")}
      </div>
      <nav aria-label="Project">
        {projectSections.map((s) => {
          const href = `/projects/${projectId}/${s.slug}`;
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <Link key={s.slug} href={href} aria-current={current ? "page" : undefined}>
              {s.label}
              {s.ready ? null : <span className="later">later</span>}
            </Link>
          );
        })}
      </nav>
    </aside>
  );
}
