import { redirect } from "next/navigation";
import { projectIdParam } from "./projectIdParam";

export default async function ProjectHome(props: { params: Promise<{ projectId: string }> }) {
  redirect(`/projects/${await projectIdParam(props.params)}/seeds`);
}
