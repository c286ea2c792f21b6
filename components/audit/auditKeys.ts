/**
 * The audit's shortcuts (handled by InstructionAudit and ResponseMatrix), listed in the
 * Instructions page's help after the list's own keys (lib/review/keys.ts INSTRUCTION_LIST_KEYS).
 */
export const AUDIT_KEYS = [
  ["a", "approve the instruction (with the reason, if typed)"],
  ["r", "reject the instruction (with the reason, if typed)"],
  ["f", "focus the reason"],
  ["e", "edit the selected verifier"],
  ["x", "run every verifier's current code in the browser"],
  ["j / k", "in the response matrix (click a row or Tab to it): next / previous response"],
  ["y", 'in the matrix: label the response "follows", then next'],
  ["n", 'in the matrix: label the response "violates", then next'],
  ["c", "in the matrix: clear my label"],
  ["Esc", "leave the matrix: j / k move between instructions again"],
] as const;

/** True when a key press belongs to a text field or the code editor, not to the page. */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) ||
    target.closest(".monaco-editor") !== null
  );
}
