import { QueriesPage } from "@/components/queries/QueriesPage";
import { projectIdParam } from "../projectIdParam";

export default async function Queries(props: { params: Promise<{ projectId: string }> }) {
  return <QueriesPage projectId={await projectIdParam(props.params)} />;
}
