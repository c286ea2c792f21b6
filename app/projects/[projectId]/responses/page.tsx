import { Suspense } from "react";
import { ResponsesPage } from "@/components/review/ResponsesPage";
import { GuidelinesAside } from "@/components/guidelines/GuidelinesAside";
import { projectIdParam } from "../projectIdParam";

export default async function Responses(props: { params: Promise<{ projectId: string }> }) {
  const projectId = await projectIdParam(props.params);
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <>
      <Suspense
        fallback={
          <main className="page">
            <h1>Responses</h1>
          </main>
        }
      >
        <ResponsesPage projectId={projectId} />
      </Suspense>
      <GuidelinesAside projectId={projectId} />
    </>
  );
}
