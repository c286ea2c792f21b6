// Generated responses for bench/sandbox.ts: 200-3,000 characters of prose with the features the
// verifiers look for (paragraphs, bullets, titles, placeholders, JSON, P.S.), from a fixed seed.

const WORDS = (
  "the a garden light river quietly morning table window story reason people " +
  "simple careful important question answer between together without another CHAPTER " +
  "development understanding paragraph example letter quick quality queen report NASA " +
  "internationalization measure carefully summer yellow stone bridge music"
).split(" ");

function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` responses, each 200-3,000 characters, deterministic for a given seed. */
export function generateResponses(count: number, seed = 42): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = () => {
    const words = Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(WORDS));
    const text = words.join(random() < 0.2 ? ", " : " ");
    return text[0]?.toUpperCase() + text.slice(1) + pick([".", ".", "!", "?"]);
  };
  const responses: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const target = 200 + Math.floor(random() * 2800);
    const parts: string[] = [];
    if (random() < 0.2) parts.push(`Dear ${pick(["[name]", "friend", "team"])},`);
    if (random() < 0.3) parts.push(`<<${sentence().slice(0, 30)}>>`);
    let length = parts.join("\n\n").length;
    while (length < target) {
      const kind = random();
      const block =
        kind < 0.15
          ? Array.from({ length: 3 + Math.floor(random() * 3) }, () => `* ${sentence()}`).join("\n")
          : kind < 0.25
            ? `*${sentence()}* and [${pick(WORDS)}] ${sentence()}`
            : sentence() + " " + sentence();
      parts.push(block);
      length += block.length + 2;
    }
    let text = parts.join("\n\n").slice(0, target);
    if (random() < 0.1) text = JSON.stringify({ answer: text });
    if (random() < 0.15) text += "\n\nP.S. " + sentence();
    if (random() < 0.1) text += " Is there anything else I can help with?";
    if (random() < 0.1) text = text.toLowerCase();
    responses.push(text);
  }
  return responses;
}
