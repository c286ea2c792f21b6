import { NotBuiltYet } from "@/components/later/NotBuiltYet";

export default function ResponsesPage() {
  return (
    <NotBuiltYet title="Responses">
      <p>Every (instruction, query) sample with its sampled responses, each with:</p>
      <ul>
        <li>its pass rate over the kept verifiers and the outcome of each;</li>
        <li>the judge&apos;s quality score and the pipeline&apos;s keep or drop decision;</li>
        <li>keyboard-first review: approve or reject with a reason, as a named reviewer.</li>
      </ul>
    </NotBuiltYet>
  );
}
