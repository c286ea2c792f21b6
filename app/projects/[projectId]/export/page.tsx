import { NotBuiltYet } from "@/components/later/NotBuiltYet";

export default function ExportPage() {
  return (
    <NotBuiltYet title="Export">
      <p>Approved SFT examples and DPO pairs, streamed as JSONL in the formats trainers read (LLaMA-Factory, ShareGPT, TRL, OpenAI chat), each with a manifest of what went in. Seed instructions can already be exported from the Seeds page.</p>
    </NotBuiltYet>
  );
}
