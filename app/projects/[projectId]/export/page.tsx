import { ExportPage } from "@/components/export/ExportPage";
import { projectIdParam } from "../projectIdParam";

export default async function Export(props: { params: Promise<{ projectId: string }> }) {
  return <ExportPage projectId={await projectIdParam(props.params)} />;
}
