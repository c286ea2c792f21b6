/**
 * The review pages' keyboard shortcuts, one table per page: the key handler reads its actions
 * from the table and the `?` help lists the same rows, so the help never misses a key the page
 * handles (it missed `g`) nor lists one it does not (Pairs listed `o`).
 */
export type ReviewKeyAction =
  | "next"
  | "prev"
  | "approve"
  | "reject"
  | "clear"
  | "reason"
  | "expand"
  | "undo"
  | "search"
  | "help"
  | "swap"
  | "toast"
  | "guidelines";

export interface KeyBinding {
  /** KeyboardEvent.key values that trigger the action. */
  keys: readonly string[];
  /** How the help shows the keys. */
  shown: string;
  action: ReviewKeyAction;
  /** What the key does, for the help. */
  what: string;
}

const bind = (
  keys: readonly string[],
  shown: string,
  action: ReviewKeyAction,
  what: string,
): KeyBinding => ({ keys, shown, action, what });

/** The keys every review queue (Responses, Pairs) handles. */
export const QUEUE_KEYS: readonly KeyBinding[] = [
  bind(["j", "ArrowDown"], "j / ↓", "next", "next item"),
  bind(["k", "ArrowUp"], "k / ↑", "prev", "previous item"),
  bind(["a"], "a", "approve", "approve (with the reason, if typed) and go to the next"),
  bind(["r"], "r", "reject", "reject (with the reason, if typed) and go to the next"),
  bind(["c"], "c", "clear", "clear the verdict"),
  bind(["f"], "f", "reason", "focus the reason; Enter or Esc returns to the list"),
  bind(["u"], "u", "undo", "undo the last verdict (a bulk one as a whole)"),
  bind(["F8"], "F8", "toast", "focus the last verdict's toast (its Undo button)"),
  bind(["/"], "/", "search", "focus search"),
  bind(["?"], "?", "help", "this help"),
];

/** `g`: the guidelines column beside every review page (components/guidelines/GuidelinesAside). */
export const GUIDELINES_KEY = bind(
  ["g"],
  "g",
  "guidelines",
  "show or hide the annotation guidelines",
);
export const EXPAND_KEY = bind(["o"], "o", "expand", "expand or collapse long text");
export const SWAP_KEY = bind(
  ["s"],
  "s",
  "swap",
  "swap chosen and rejected (approves the swapped pair)",
);

export const RESPONSE_KEYS: readonly KeyBinding[] = [...QUEUE_KEYS, EXPAND_KEY, GUIDELINES_KEY];
export const PAIR_KEYS: readonly KeyBinding[] = [...QUEUE_KEYS, SWAP_KEY, GUIDELINES_KEY];

/** The Instructions list's own keys; the audit beside it adds its rows (components/audit/auditKeys). */
export const INSTRUCTION_LIST_KEYS: readonly KeyBinding[] = [
  bind(["j", "ArrowDown"], "j / ↓", "next", "next instruction"),
  bind(["k", "ArrowUp"], "k / ↑", "prev", "previous instruction"),
  bind(["u"], "u", "undo", "undo the last verdict on an instruction or a verifier"),
  bind(["F8"], "F8", "toast", "focus the last verdict's toast (its Undo button)"),
  GUIDELINES_KEY,
  bind(["/"], "/", "search", "focus search"),
  bind(["?"], "?", "help", "this help"),
];

/** The action a key triggers in a table, if any. */
export function actionOf(table: readonly KeyBinding[], key: string): ReviewKeyAction | undefined {
  return table.find((b) => b.keys.includes(key))?.action;
}

/** The rows of the help dialog for a table (plus descriptive rows of keys handled elsewhere on the page). */
export function helpRows(table: readonly KeyBinding[]): Array<readonly [string, string]> {
  return table.map((b) => [b.shown, b.what] as const);
}
