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
export function forEachNgramKey(
  text: string,
  visit: (key: number) => boolean | void,
  n = NGRAM_SIZE,
): boolean {
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
 * The n-grams of a set of benchmark prompts, hashed, with the first prompt each came from: an
 * open-addressing table in typed arrays (12 bytes a slot, at most half full), so 10k prompts of
 * 100 words take about 25 MB and no garbage, where a Map of boxed 53-bit keys took several times
 * that.
 */
export class NgramIndex {
  private keys = new Float64Array(1 << 16);
  private owners = new Int32Array(1 << 16);
  private count = 0;

  private slot(key: number, keys: Float64Array): number {
    const mask = keys.length - 1;
    // Keys are stored plus one so that 0 marks an empty slot.
    let i = Math.imul((key >>> 0) ^ Math.floor(key / 4_294_967_296), 0x9e3779b1) & mask;
    while (keys[i] !== 0 && keys[i] !== key + 1) i = (i + 1) & mask;
    return i;
  }

  private grow() {
    const oldKeys = this.keys;
    const oldOwners = this.owners;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.owners = new Int32Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === 0) continue;
      const at = this.slot(oldKeys[i]! - 1, this.keys);
      this.keys[at] = oldKeys[i]!;
      this.owners[at] = oldOwners[i]!;
    }
  }

  /** Adds a benchmark prompt's n-grams under `promptIndex` (the caller's own numbering). */
  add(text: string, promptIndex: number): void {
    forEachNgramKey(text, (key) => {
      if (this.count * 2 >= this.keys.length) this.grow();
      const at = this.slot(key, this.keys);
      if (this.keys[at] !== 0) return;
      this.keys[at] = key + 1;
      this.owners[at] = promptIndex;
      this.count++;
    });
  }

  get size(): number {
    return this.count;
  }

  /** The index of a benchmark prompt that shares an n-gram with `text`, or null if none does. */
  firstMatch(text: string): number | null {
    let found: number | null = null;
    forEachNgramKey(text, (key) => {
      const at = this.slot(key, this.keys);
      if (this.keys[at] === 0) return false;
      found = this.owners[at]!;
      return true;
    });
    return found;
  }
}
