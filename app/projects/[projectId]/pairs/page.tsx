import { Suspense } from "react";
import { PairsPage } from "@/components/review/PairsPage";
import { GuidelinesAside } from "@/components/guidelines/GuidelinesAside";
import { projectIdParam } from "../projectIdParam";

export default async function Pairs(props: { params: Promise<{ projectId: string }> }) {
  const projectId = await projectIdParam(props.params);
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <>
      <Suspense
        fallback={
          <main className="page">
            <h1>Pairs</h1>
          </main>
        }
      >
        <PairsPage projectId={projectId} />
      </Suspense>
      <GuidelinesAside projectId={projectId} />
    </>
  );
}
