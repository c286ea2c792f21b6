import type { ExportFormat } from "./formats";

export type FrameSlot = "prompt" | "response" | "chosen" | "rejected";
export type FramePiece = string | { slot: FrameSlot };

const marker = (slot: FrameSlot) => `@@autoif-slot-${slot}@@`;

/**
 * A format's line as literal JSON text around slots for the JSON-quoted values, derived from its
 * own `toLine` (called with markers), so the two can never disagree. The writer fills the slots
 * with text the database already JSON-quoted as UTF-8 bytes, skipping a decode, an escape and an
 * encode of every response in JavaScript.
 */
export function lineFrame(format: ExportFormat): FramePiece[] {
  const slots: FrameSlot[] = format.kind === "sft" ? ["prompt", "response"] : ["prompt", "chosen", "rejected"];
  const line =
    format.kind === "sft"
      ? JSON.stringify(format.toLine({ prompt: marker("prompt"), response: marker("response") }))
      : JSON.stringify(format.toLine({ prompt: marker("prompt"), chosen: marker("chosen"), rejected: marker("rejected") }));
  const pieces: FramePiece[] = [];
  let rest = line;
  for (;;) {
    let next: { at: number; slot: FrameSlot } | null = null;
    for (const slot of slots) {
      const at = rest.indexOf(JSON.stringify(marker(slot)));
      if (at >= 0 && (next === null || at < next.at)) next = { at, slot };
    }
    if (next === null) break;
    if (next.at > 0) pieces.push(rest.slice(0, next.at));
    pieces.push({ slot: next.slot });
    rest = rest.slice(next.at + JSON.stringify(marker(next.slot)).length);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Fills a frame with JSON-quoted values (the reference rendering; the server fills bytes). */
export function renderFrame(frame: FramePiece[], quoted: Partial<Record<FrameSlot, string>>): string {
  return frame.map((p) => (typeof p === "string" ? p : (quoted[p.slot] ?? "null"))).join("");
}
