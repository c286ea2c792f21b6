import type { SeedFileError } from "./parseSeedFile";

/**
 * Decodes an uploaded file's bytes as UTF-8, refusing anything that is not: a file in another
 * encoding (or a binary file) would otherwise be imported with U+FFFD in place of its letters.
 * The error names the 1-based line of the first bad byte.
 */
export function decodeSeedFile(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; error: SeedFileError } {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return {
      ok: false,
      error: {
        line,
        message: `Not valid UTF-8 (byte ${offset + 1} of the file); save it as UTF-8 and import it again.`,
      },
    };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    // Decoding just this sequence with a fatal decoder catches overlongs and surrogates too.
    const end = i + need + 1;
    if (end > bytes.length) return i;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, end));
    } catch {
      return i;
    }
    i = end;
  }
  return bytes.length;
}

/** U+FFFD: what a non-fatal decoder leaves where bytes were not UTF-8. */
export const REPLACEMENT_CHARACTER = "\uFFFD";
