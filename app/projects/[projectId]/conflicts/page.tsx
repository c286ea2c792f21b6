import { ConflictMatrixPage } from "@/components/compose/ConflictMatrixPage";
import { projectIdParam } from "../projectIdParam";

export default async function Conflicts(props: { params: Promise<{ projectId: string }> }) {
  const projectId = await projectIdParam(props.params);
  return <ConflictMatrixPage projectId={projectId} />;
}
