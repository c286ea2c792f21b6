import { RunsPage } from "@/components/runs/RunsPage";
import { projectIdParam } from "../projectIdParam";

export default async function Runs(props: { params: Promise<{ projectId: string }> }) {
  return <RunsPage projectId={await projectIdParam(props.params)} />;
}
