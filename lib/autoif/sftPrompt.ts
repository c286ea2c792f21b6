/** Sentence-ending punctuation after which no period is appended (ASCII and CJK). */
const ENDS_SENTENCE = /[.!?。！？]$/u;

function upperFirst(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const ch = String.fromCodePoint(first);
  return ch.toUpperCase() + text.slice(ch.length);
}

/**
 * The SFT prompt: the user query followed by the instruction, joined the way the reference
 * scripts do (QwenLM/AutoIF): both trimmed with their first letters upper-cased, then
 * `query + " " + instruction + "."` when the query contains `?` or `.` and
 * `query + ". " + instruction + "."` otherwise.
 *
 * One deliberate difference: the reference appends "." even to an instruction that already ends
 * with a sentence mark, giving "..words.." or "..words?."; here no period is added after `.`,
 * `!` or `?` (or their CJK forms), since a trainer would learn the doubled mark.
 */
export function sftPrompt(query: string, instruction: string): string {
  const q = upperFirst(query.trim());
  const i = upperFirst(instruction.trim());
  const tail = ENDS_SENTENCE.test(i) ? i : `${i}.`;
  if (q === "") return tail;
  if (i === "") return q;
  return /[?.]/.test(q) ? `${q} ${tail}` : `${q}. ${tail}`;
}
