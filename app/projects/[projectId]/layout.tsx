import type { ReactNode } from "react";
import { ProjectNav } from "@/components/layout/ProjectNav";
import { projectIdParam } from "./projectIdParam";

export default async function ProjectLayout(props: {
  children: ReactNode;
  params: Promise<{ projectId: string }>;
}) {
  const projectId = await projectIdParam(props.params);
  return (
    <>
      <ProjectNav projectId={projectId} />
      {props.children}
    </>
  );
}
