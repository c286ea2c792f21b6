/** A parser's answer: the value, or why the raw text could not be read (raw kept for the studio). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string; raw: string };

export const parseFailure = (
  error: string,
  raw: string,
): { ok: false; error: string; raw: string } => ({
  ok: false,
  error,
  raw,
});
