import { describe, expect, it } from "vitest";
import { instructionHash } from "../autoif/normalizeInstruction";
import { instructionKey, parseInstructionKey } from "./instructionKey";
import { splitPosition, splitSettingsProblem, splitSide } from "./split";

const keys = Array.from({ length: 2000 }, (_, i) => instructionHash(`instruction number ${i}`));

describe("splitSide", () => {
  it("gives each key the same side for the same seed, and other sides for another seed", () => {
    const a = keys.map((k) => splitSide({ seed: 7, testFraction: 0.2 }, k));
    expect(keys.map((k) => splitSide({ seed: 7, testFraction: 0.2 }, k))).toEqual(a);
    const b = keys.map((k) => splitSide({ seed: 8, testFraction: 0.2 }, k));
    expect(b).not.toEqual(a);
  });

  it("holds out about the test share (binomial: 2000 x 0.2 = 400, sd 18)", () => {
    const test = keys.filter((k) => splitSide({ seed: 1, testFraction: 0.2 }, k) === "test").length;
    expect(test).toBeGreaterThan(400 - 5 * 18);
    expect(test).toBeLessThan(400 + 5 * 18);
  });

  it("never moves an item when others are added or removed: its side is its own", () => {
    const before = new Map(
      keys.slice(0, 100).map((k) => [k, splitSide({ seed: 3, testFraction: 0.3 }, k)]),
    );
    // Whatever else exists, the function of one key does not look at it; check the positions are in [0, 1).
    for (const [k, side] of before) expect(splitSide({ seed: 3, testFraction: 0.3 }, k)).toBe(side);
    for (const k of keys) {
      const p = splitPosition(3, k);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
    }
  });

  it("a larger test share only moves items from train to test", () => {
    for (const k of keys) {
      if (splitSide({ seed: 5, testFraction: 0.1 }, k) === "test")
        expect(splitSide({ seed: 5, testFraction: 0.3 }, k)).toBe("test");
    }
  });

  it("names what is wrong with bad settings", () => {
    expect(splitSettingsProblem(1, 0.2)).toBeNull();
    expect(splitSettingsProblem(-1, 0.2)).toMatch(/seed/);
    expect(splitSettingsProblem(1.5, 0.2)).toMatch(/seed/);
    expect(splitSettingsProblem(1, 0)).toMatch(/test share/);
    expect(splitSettingsProblem(1, 0.95)).toMatch(/test share/);
    expect(splitSettingsProblem(1, Number.NaN)).toMatch(/test share/);
  });
});

describe("instructionKey", () => {
  it("round-trips and refuses what is not a key", () => {
    const key = instructionKey(12, keys[0]!);
    expect(key).toMatch(/^i12-[0-9a-f]{12}$/);
    expect(parseInstructionKey(key)).toEqual({ number: 12 });
    expect(instructionKey(12, keys[1]!)).not.toBe(key);
    for (const bad of [
      "",
      "i0-abcdefabcdef",
      "i12-ABCDEFABCDEF",
      "i12-abc",
      "12-abcdefabcdef",
      ` ${key}`,
      `${key}x`,
    ])
      expect(parseInstructionKey(bad)).toBeNull();
  });
});
