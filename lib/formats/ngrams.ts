/** Word n-gram size of the reference contamination check (shared 13-grams, as GPT-3 and AutoIF report). */
export const NGRAM_SIZE = 13;

const WORD = /[\p{L}\p{N}]+/gu;
const BASE_A = 0x01000193;
const BASE_B = 0x5bd1e995;

/**
 * Two independent 32-bit hashes per word (FNV-1a with different offsets and primes), so an n-gram
 * key can carry 53 bits: at 1M benchmark n-grams and 100M row n-grams, a false match has odds
 * around 1e-8 in the whole export.
 */
function wordHashes(text: string): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    let ha = 0x811c9dc5;
    let hb = 0x2f0b3c1d;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      ha = Math.imul(ha ^ c, 0x01000193);
      hb = Math.imul(hb ^ c, 0x00100001) ^ (hb >>> 15);
    }
    a.push(ha >>> 0);
    b.push(hb >>> 0);
  }
  return { a, b };
}

/**
 * Calls `visit` with the 53-bit key of every word n-gram of `text` (words: runs of Unicode
 * letters and digits, lower-cased). A text with fewer than `n` words yields one key for its whole
 * word sequence, so a short benchmark prompt still matches a row that repeats it exactly.
 * Stops early when `visit` returns true; returns whether it did.
 */
export function forEachNgramKey(text: string, visit: (key: number) => boolean | void, n = NGRAM_SIZE): boolean {
  const { a, b } = wordHashes(text);
  if (a.length === 0) return false;
  const width = Math.min(n, a.length);
  for (let start = 0; start + width <= a.length; start++) {
    let ha = width;
    let hb = width;
    for (let i = start; i < start + width; i++) {
      ha = (Math.imul(ha, BASE_A) + a[i]!) | 0;
      hb = (Math.imul(hb, BASE_B) + b[i]!) | 0;
    }
    if (visit((ha >>> 0) * 2_097_152 + ((hb >>> 0) >>> 11))) return true;
  }
  return false;
}

/**
 * The n-grams of a set of benchmark prompts, hashed, with the first prompt each came from.
 * Memory is one Map entry per distinct n-gram (about 1M for 10k prompts of 100 words).
 */
export class NgramIndex {
  private readonly owner = new Map<number, number>();

  /** Adds a benchmark prompt's n-grams under `promptIndex` (the caller's own numbering). */
  add(text: string, promptIndex: number): void {
    forEachNgramKey(text, (key) => {
      if (!this.owner.has(key)) this.owner.set(key, promptIndex);
    });
  }

  get size(): number {
    return this.owner.size;
  }

  /** The index of a benchmark prompt that shares an n-gram with `text`, or null if none does. */
  firstMatch(text: string): number | null {
    let found: number | null = null;
    forEachNgramKey(text, (key) => {
      const hit = this.owner.get(key);
      if (hit === undefined) return false;
      found = hit;
      return true;
    });
    return found;
  }
}
