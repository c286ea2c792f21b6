/**
 * Where brackets nest deepest in `source` (the first place that depth is reached), 1-based. Only
 * a fallback for naming a place when even a tiny guest stack let the host's stack overflow first;
 * it counts `(`, `[`, `{` and `${` and ignores strings, comments and regexps.
 */
export function deepestNesting(source: string): { line: number; column: number } {
  let depth = 0;
  let deepest = 0;
  let line = 1;
  let column = 1;
  let at = { line: 1, column: 1 };
  for (const char of source) {
    if (char === "(" || char === "[" || char === "{") {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        at = { line, column };
      }
    } else if (char === ")" || char === "]" || char === "}") {
      depth = Math.max(0, depth - 1);
    }
    if (char === "\n") {
      line += 1;
      column = 1;
    } else {
      column += char.length;
    }
  }
  return at;
}
