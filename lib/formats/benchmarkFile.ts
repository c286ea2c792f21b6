/** Field names tried, in order, when a benchmark file's text field is not given. */
export const BENCHMARK_TEXT_FIELDS = [
  "prompt",
  "text",
  "instruction",
  "question",
  "input",
] as const;

export interface BenchmarkProblem {
  line: number;
  field?: string;
  message: string;
}

export type BenchmarkParse =
  | { ok: true; field: string; prompts: Array<{ line: number; text: string }> }
  | { ok: false; problems: BenchmarkProblem[] };

/**
 * Reads a benchmark prompt file: JSONL, one object a line with a string text field (`field`, or
 * the first of BENCHMARK_TEXT_FIELDS the first object has). Blank lines are skipped; lines are
 * 1-based. Every bad line is reported (up to 50), so a user fixes the file in one go.
 */
export function parseBenchmarkFile(content: string, field?: string): BenchmarkParse {
  const problems: BenchmarkProblem[] = [];
  const prompts: Array<{ line: number; text: string }> = [];
  let chosen = field?.trim() || undefined;
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length && problems.length < 50; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ line: i + 1, message: "not valid JSON" });
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push({ line: i + 1, message: "not a JSON object" });
      continue;
    }
    const record = value as Record<string, unknown>;
    chosen ??= BENCHMARK_TEXT_FIELDS.find((f) => typeof record[f] === "string");
    if (!chosen) {
      problems.push({
        line: i + 1,
        message: `no text field; name one, or use one of ${BENCHMARK_TEXT_FIELDS.join(", ")}`,
      });
      break;
    }
    const text = record[chosen];
    if (typeof text !== "string" || text.trim() === "") {
      problems.push({
        line: i + 1,
        field: chosen,
        message: `"${chosen}" is missing or not a non-empty string`,
      });
      continue;
    }
    prompts.push({ line: i + 1, text });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (prompts.length === 0)
    return { ok: false, problems: [{ line: 1, message: "the file holds no prompts" }] };
  return { ok: true, field: chosen!, prompts };
}
