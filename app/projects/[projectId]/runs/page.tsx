import { NotBuiltYet } from "@/components/later/NotBuiltYet";

export default function RunsPage() {
  return (
    <NotBuiltYet title="Runs">
      <p>Pipeline runs against your OpenAI-compatible endpoint:</p>
      <ul>
        <li>start, pause and resume a run with the project&apos;s configuration snapshot;</li>
        <li>live progress per stage, the funnel with drop reasons, tokens and cost per role;</li>
        <li>threshold controls that replay every decision from stored results without new LLM calls.</li>
      </ul>
    </NotBuiltYet>
  );
}
