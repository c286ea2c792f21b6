import type { Metadata } from "next";
import { VerifierPlayground } from "@/components/playground/VerifierPlayground";

export const metadata: Metadata = { title: "Verifier playground · AutoIF Studio" };

export default function PlaygroundPage() {
  return <VerifierPlayground />;
}
