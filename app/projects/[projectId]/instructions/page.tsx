import { InstructionsPage } from "@/components/instructions/InstructionsPage";
import { projectIdParam } from "../projectIdParam";

export default async function Instructions(props: { params: Promise<{ projectId: string }> }) {
  return <InstructionsPage projectId={await projectIdParam(props.params)} />;
}
