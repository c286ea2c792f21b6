/** Lowercased word tokens (letters and digits), as both similarity measures compare them. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] = x === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** ROUGE-L F1 between two token lists, 0..1 (1: same word sequence). */
export function rougeL(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const lcs = lcsLength(a, b);
  if (lcs === 0) return 0;
  const precision = lcs / a.length;
  const recall = lcs / b.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Jaccard similarity of the two token sets, 0..1. */
export function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 0;
  let shared = 0;
  for (const t of sa) if (sb.has(t)) shared++;
  return shared / (sa.size + sb.size - shared);
}

/**
 * The most similar earlier text to `candidate` at or above `threshold`, or null. `kept` holds
 * pre-tokenized texts so a long run does not re-tokenize them for every candidate.
 */
export function nearestDuplicate<T extends { tokens: readonly string[] }>(
  candidate: readonly string[],
  kept: readonly T[],
  metric: "rougeL" | "tokenJaccard",
  threshold: number,
): { item: T; similarity: number } | null {
  const measure = metric === "rougeL" ? rougeL : tokenJaccard;
  let best: { item: T; similarity: number } | null = null;
  for (const item of kept) {
    const similarity = measure(candidate, item.tokens);
    if (similarity >= threshold && (!best || similarity > best.similarity))
      best = { item, similarity };
  }
  return best;
}
