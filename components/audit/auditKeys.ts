/** The audit page's shortcuts, listed in its help overlay. */
export const AUDIT_KEYS = [
  ["j / ↓", "next instruction"],
  ["k / ↑", "previous instruction"],
  ["a", "approve the instruction (with the reason, if typed)"],
  ["r", "reject the instruction (with the reason, if typed)"],
  ["f", "focus the reason"],
  ["u", "undo the last verdict on an instruction or a verifier"],
  ["F8", "focus the last verdict's toast (its Undo button)"],
  ["e", "edit the selected verifier"],
  ["x", "run every verifier's current code in the browser"],
  ["j / k", "in the response matrix (click a row or Tab to it): next / previous response"],
  ["y", "in the matrix: label the response \"follows\", then next"],
  ["n", "in the matrix: label the response \"violates\", then next"],
  ["c", "in the matrix: clear my label"],
  ["Esc", "leave the matrix: j / k move between instructions again"],
  ["g", "show or hide the annotation guidelines"],
  ["/", "focus search"],
  ["?", "this help"],
] as const;

/** True when a key press belongs to a text field or the code editor, not to the page. */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.closest(".monaco-editor") !== null;
}
