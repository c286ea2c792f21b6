/** Rows left after one filter step, as the export counts them ("all" first). */
export interface StepCount {
  step: string;
  label: string;
  rows: number;
}

/**
 * Why an export holds nothing, naming the filter step that removed the last rows, or null when
 * something is left. The studio shows it instead of a download and the CLI exits with it.
 */
export function emptyExportReason(
  counts: readonly StepCount[],
  kind: "sft" | "dpo",
): string | null {
  const last = counts.at(-1);
  if (!last || last.rows > 0) return null;
  const items = (n: number) => `${n} ${kind === "sft" ? "response" : "pair"}${n === 1 ? "" : "s"}`;
  const all = counts[0]!.rows;
  if (all === 0)
    return `Nothing to export: the project has no ${kind === "sft" ? "responses" : "pairs"} yet. Finish a run first (the Runs page, or npm run autoif -- run).`;
  const at = counts.findIndex((c) => c.rows === 0);
  const step = counts[at]!;
  const before = counts[at - 1]!;
  if (step.step === "contamination")
    return `Nothing to export: the contamination check left out ${before.rows === 1 ? "the" : "all"} ${items(before.rows)} (each shares a word 13-gram with a benchmark prompt).`;
  const of =
    at === 1
      ? `the ${items(all)} in the project`
      : `the ${items(before.rows)} left by "${before.label}"`;
  return `Nothing to export: the filter "${step.label}" left 0 of ${of}.`;
}
