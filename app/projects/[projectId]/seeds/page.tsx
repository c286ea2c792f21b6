import { SeedEditor } from "@/components/seeds/SeedEditor";
import { projectIdParam } from "../projectIdParam";

export default async function SeedsPage(props: { params: Promise<{ projectId: string }> }) {
  return <SeedEditor projectId={await projectIdParam(props.params)} />;
}
