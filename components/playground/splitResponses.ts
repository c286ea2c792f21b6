/** The line that separates two responses in the playground's responses field. */
export const RESPONSE_SEPARATOR = "---";

/**
 * Splits the responses field into responses: a line holding only `---` separates two. The line
 * breaks next to a separator belong to it, everything else is kept exactly (a verifier may care
 * about trailing spaces); blocks that are blank are skipped.
 */
export function splitResponses(text: string): string[] {
  const responses: string[] = [];
  let block: string[] = [];
  const flush = () => {
    const response = block.join("\n");
    if (response.trim() !== "") responses.push(response);
    block = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === RESPONSE_SEPARATOR) flush();
    else block.push(line);
  }
  flush();
  return responses;
}

/** The inverse of {@link splitResponses} for responses that hold no separator line. */
export function joinResponses(responses: readonly string[]): string {
  return responses.join(`\n${RESPONSE_SEPARATOR}\n`);
}
