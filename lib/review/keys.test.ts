import { describe, expect, it } from "vitest";
import {
  actionOf,
  helpRows,
  INSTRUCTION_LIST_KEYS,
  PAIR_KEYS,
  RESPONSE_KEYS,
  type KeyBinding,
} from "./keys";

const tables: Array<[string, readonly KeyBinding[]]> = [
  ["Responses", RESPONSE_KEYS],
  ["Pairs", PAIR_KEYS],
  ["Instructions", INSTRUCTION_LIST_KEYS],
];

describe("the review pages' key tables", () => {
  it.each(tables)(
    "%s: a key triggers one action, and an action has one row in the help",
    (_, table) => {
      const keys = table.flatMap((b) => b.keys);
      expect(new Set(keys).size).toBe(keys.length);
      const actions = table.map((b) => b.action);
      expect(new Set(actions).size).toBe(actions.length);
      expect(helpRows(table)).toHaveLength(table.length);
    },
  );

  it("Responses and Pairs list g, u and every key their handler reads; Pairs has no o, Responses no s", () => {
    for (const table of [RESPONSE_KEYS, PAIR_KEYS, INSTRUCTION_LIST_KEYS]) {
      expect(actionOf(table, "g")).toBe("guidelines");
      expect(actionOf(table, "u")).toBe("undo");
      expect(actionOf(table, "ArrowDown")).toBe("next");
      expect(helpRows(table).map(([k]) => k)).toContain("g");
    }
    expect(actionOf(PAIR_KEYS, "s")).toBe("swap");
    expect(actionOf(PAIR_KEYS, "o")).toBeUndefined();
    expect(actionOf(RESPONSE_KEYS, "o")).toBe("expand");
    expect(actionOf(RESPONSE_KEYS, "s")).toBeUndefined();
    expect(actionOf(RESPONSE_KEYS, "x")).toBeUndefined();
  });
});
