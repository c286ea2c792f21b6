"use client";

import { useEffect, useRef, useState } from "react";

/**
 * The studio's one debounce: `value` as it was once it stopped changing for `delayMs`. Searches,
 * the export's system prompt and compile-while-typing all wait on this, so "a pause, not every
 * letter" means the same everywhere.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(t);
  }, [value, delayMs]);
  return settled;
}

/**
 * A text box's value that the box owns while typing: `committed` (the URL's search, say) follows
 * `delayMs` after the last key, through `commit`, so typing never waits on a round trip. Only a
 * pause in typing commits: a `committed` changed elsewhere (a cleared filter) is not overwritten.
 */
export function useDebouncedText(
  committed: string,
  commit: (text: string) => void,
  delayMs = 250,
): [string, (text: string) => void] {
  const [text, setText] = useState(committed);
  const settled = useDebouncedValue(text, delayMs);
  const latest = useRef({ committed, commit });
  useEffect(() => {
    latest.current = { committed, commit };
  });
  useEffect(() => {
    if (settled !== latest.current.committed) latest.current.commit(settled);
  }, [settled]);
  return [text, setText];
}
