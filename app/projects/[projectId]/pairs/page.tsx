import { NotBuiltYet } from "@/components/later/NotBuiltYet";

export default function PairsPage() {
  return (
    <NotBuiltYet title="Pairs">
      <p>DPO preference pairs: a chosen response (high pass rate) beside a rejected one (pass rate 0) for the same sample, with a word-level diff and their verifier outcomes; approve, reject or swap.</p>
    </NotBuiltYet>
  );
}
