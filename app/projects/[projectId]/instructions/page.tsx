import { GuidelinesAside } from "@/components/guidelines/GuidelinesAside";
import { InstructionsPage } from "@/components/instructions/InstructionsPage";
import { projectIdParam } from "../projectIdParam";

export default async function Instructions(props: { params: Promise<{ projectId: string }> }) {
  const projectId = await projectIdParam(props.params);
  return (
    <>
      <InstructionsPage projectId={projectId} />
      <GuidelinesAside projectId={projectId} />
    </>
  );
}
