import { sha256Hex } from "../autoif/normalizeInstruction";

/**
 * An instruction's stable key: the label a trainer sends the reward server and the ground truth
 * every RLVR export writes. `i<number>-<12 hex>`: the number is what people see in the studio
 * (instruction #12); the hex is the start of SHA-256 of the instruction's normalized-text hash, so
 * a key written before the instruction's text changed (or from another project) is unknown, never
 * scored against a different instruction.
 */
export function instructionKey(number: number, normalizedHash: string): string {
  return `i${number}-${sha256Hex(new TextEncoder().encode(normalizedHash)).slice(0, 12)}`;
}

const KEY = /^i([1-9][0-9]{0,15})-([0-9a-f]{12})$/;

/** The number of a key, or null when the text is not a key. */
export function parseInstructionKey(key: string): { number: number } | null {
  const match = KEY.exec(key);
  return match ? { number: Number(match[1]) } : null;
}
