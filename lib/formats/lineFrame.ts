import type { ExportFormat, LineOptions } from "./formats";

export type FrameSlot = "prompt" | "response" | "chosen" | "rejected";
export type FramePiece = string | { slot: FrameSlot };

/** One line a row becomes; `emits` names the response it carries when a row becomes several lines (unpaired formats). */
export interface LineFrame {
  pieces: FramePiece[];
  emits: "chosen" | "rejected" | null;
}

const marker = (slot: FrameSlot) => `@@autoif-slot-${slot}@@`;

function split(line: string, slots: FrameSlot[]): FramePiece[] {
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

/**
 * The lines one row becomes, each as literal JSON text around slots for the JSON-quoted values,
 * derived from the format's own `toLine` (called with markers), so the two can never disagree.
 * The writer fills the slots with text the database already JSON-quoted as UTF-8 bytes, skipping
 * a decode, an escape and an encode of every response in JavaScript. The system prompt is the
 * same on every line, so it is part of the literal text. An unpaired format (KTO) makes two
 * lines of a pair: its chosen response, desirable, and its rejected one, not.
 */
export function lineFrames(
  format: ExportFormat,
  options: LineOptions = { system: null },
): LineFrame[] {
  const m = marker;
  if (format.unpaired) {
    return [
      {
        pieces: split(
          JSON.stringify(
            format.toLine({ prompt: m("prompt"), response: m("chosen"), desirable: true }, options),
          ),
          ["prompt", "chosen"],
        ),
        emits: "chosen",
      },
      {
        pieces: split(
          JSON.stringify(
            format.toLine(
              { prompt: m("prompt"), response: m("rejected"), desirable: false },
              options,
            ),
          ),
          ["prompt", "rejected"],
        ),
        emits: "rejected",
      },
    ];
  }
  if (format.kind === "sft")
    return [
      {
        pieces: split(
          JSON.stringify(format.toLine({ prompt: m("prompt"), response: m("response") }, options)),
          ["prompt", "response"],
        ),
        emits: null,
      },
    ];
  return [
    {
      pieces: split(
        JSON.stringify(
          format.toLine(
            { prompt: m("prompt"), chosen: m("chosen"), rejected: m("rejected") },
            options,
          ),
        ),
        ["prompt", "chosen", "rejected"],
      ),
      emits: null,
    },
  ];
}

/** Fills a frame with JSON-quoted values (the reference rendering; the server fills bytes). */
export function renderFrame(
  frame: FramePiece[],
  quoted: Partial<Record<FrameSlot, string>>,
): string {
  return frame.map((p) => (typeof p === "string" ? p : (quoted[p.slot] ?? "null"))).join("");
}
