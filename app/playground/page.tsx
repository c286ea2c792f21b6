import type { Metadata } from "next";
import { Suspense } from "react";
import { VerifierPlayground } from "@/components/playground/VerifierPlayground";

export const metadata: Metadata = { title: "Verifier playground · AutoIF Studio" };

export default function PlaygroundPage() {
  // The language lives in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <main className="page">
          <h1>Verifier playground</h1>
        </main>
      }
    >
      <VerifierPlayground />
    </Suspense>
  );
}
