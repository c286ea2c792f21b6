// Zero-width characters survive NFKC and would make visually identical instructions distinct.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
// "1. ", "2) ", "(3) ", "- ", "* ", "• ": numbering a model or a person put in front of a line.
// A digit marker may touch a letter ("1.Use"), but never a digit, so "1.5 times" stays intact.
const LIST_MARKER = /^(?:\d{1,3}[.)](?=\s|\p{L})|\(\d{1,3}\)(?=\s)|[-*•+–—](?=\s))\s*/u;
const TRAILING_PUNCTUATION = /[\s.,;:!。]+$/u;
const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ["`", "`"],
  ["“", "”"],
  ["‘", "’"],
  ["„", "“"],
  ["«", "»"],
  ["「", "」"],
  ["『", "』"],
];

function unwrapQuotes(text: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    // Only a pair around the whole text is stripped: `End with "Done."` keeps its quote.
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) {
      const inner = text.slice(open.length, text.length - close.length);
      if (!inner.includes(open) && !inner.includes(close)) return inner.trim();
    }
  }
  return text;
}

/**
 * The canonical form of an instruction used to detect duplicates: Unicode NFKC, lower case,
 * whitespace runs collapsed to one space, leading list numbering ("1. ", "- ") removed, and a
 * quote pair around the whole text and trailing sentence punctuation stripped. Text in, text out;
 * the result is for comparing and hashing, never shown instead of the original.
 */
export function normalizeInstruction(text: string): string {
  let current = text
    .normalize("NFKC")
    .replace(ZERO_WIDTH, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
  // Markers, quotes and punctuation nest in any order ("1. \"Answer briefly.\""), so peel to a fixed point.
  for (;;) {
    const next = unwrapQuotes(
      current.replace(LIST_MARKER, "").replace(TRAILING_PUNCTUATION, "").trim(),
    );
    if (next === current) return current;
    current = next;
  }
}

/**
 * A deterministic key for an instruction: SHA-256 of the UTF-8 bytes of `normalizeInstruction(text)`,
 * as 64 lowercase hex characters. Pure TypeScript, so the browser and the server compute the same key.
 */
export function instructionHash(text: string): string {
  return sha256Hex(new TextEncoder().encode(normalizeInstruction(text)));
}

// SHA-256 round constants (FIPS 180-4, section 4.2.2).
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 of bytes as 64 lowercase hex characters (pure, so the browser and the server agree). */
export function sha256Hex(message: Uint8Array): string {
  // Pad: 0x80, zeros, then the bit length as a 64-bit big-endian integer, to a multiple of 64 bytes.
  const paddedLength = Math.ceil((message.length + 9) / 64) * 64;
  const bytes = new Uint8Array(paddedLength);
  bytes.set(message);
  bytes[message.length] = 0x80;
  const view = new DataView(bytes.buffer);
  const bitLength = message.length * 8;
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(paddedLength - 4, bitLength >>> 0);

  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let block = 0; block < paddedLength; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const w15 = w[i - 15] ?? 0;
      const w2 = w[i - 2] ?? 0;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      w[i] = (w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1;
    }
    let [a, b, c, d, e, f, g, hh] = [
      h[0] ?? 0,
      h[1] ?? 0,
      h[2] ?? 0,
      h[3] ?? 0,
      h[4] ?? 0,
      h[5] ?? 0,
      h[6] ?? 0,
      h[7] ?? 0,
    ];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          ((e & f) ^ (~e & g)) +
          (K[i] ?? 0) +
          (w[i] ?? 0)) >>>
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
    }
    const state = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i] ?? 0) + (state[i] ?? 0);
  }
  return Array.from(h, (word) => word.toString(16).padStart(8, "0")).join("");
}
