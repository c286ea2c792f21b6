"use client";

import { useEffect, useState } from "react";

/**
 * A text box's value that the box owns while typing: `committed` (the URL's search, say) follows
 * `delayMs` after the last key, through `commit`, so typing never waits on a round trip.
 */
export function useDebouncedText(committed: string, commit: (text: string) => void, delayMs = 250): [string, (text: string) => void] {
  const [text, setText] = useState(committed);
  useEffect(() => {
    if (committed === text) return;
    const t = setTimeout(() => commit(text), delayMs);
    return () => clearTimeout(t);
  }, [text, committed, commit, delayMs]);
  return [text, setText];
}
