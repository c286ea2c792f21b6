"use client";

import Markdown, { type Components } from "react-markdown";

// Markdown becomes React elements (react-markdown, no rehype-raw): HTML in the text is shown as
// text, never parsed; link and image URLs go through react-markdown's safe-protocol filter.
// Images are named, not loaded, so guidelines cannot make a page fetch from another origin.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ alt, src }) => (
    <span className="hint">
      [image{alt ? `: ${alt}` : ""}
      {src ? ` (${src})` : ""}]
    </span>
  ),
};

/** A project's annotation guidelines, Markdown rendered safely. */
export function GuidelinesText({ text }: { text: string }) {
  return (
    <div className="guidelines-text">
      <Markdown components={components}>{text}</Markdown>
    </div>
  );
}
