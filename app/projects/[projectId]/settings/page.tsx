import { ProjectSettings } from "@/components/projects/ProjectSettings";
import { projectIdParam } from "../projectIdParam";

export default async function SettingsPage(props: { params: Promise<{ projectId: string }> }) {
  return <ProjectSettings projectId={await projectIdParam(props.params)} />;
}
