import { NotBuiltYet } from "@/components/later/NotBuiltYet";

export default function InstructionsPage() {
  return (
    <NotBuiltYet title="Instructions">
      <p>The instructions that self-instruct writes from your seeds, after deduplication, with:</p>
      <ul>
        <li>pipeline status and drop reason (cross-validation, back-translation);</li>
        <li>each instruction&apos;s verifiers in a code editor, runnable in the browser sandbox against their test cases and responses;</li>
        <li>review: approve or reject instructions, edit verifiers as new versions.</li>
      </ul>
    </NotBuiltYet>
  );
}
