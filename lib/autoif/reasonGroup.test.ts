import { describe, expect, it } from "vitest";
import { reasonGroup } from "./reasonGroup";

describe("reasonGroup", () => {
  it("groups reasons that differ only in ids, numbers and quoted text", () => {
    expect(reasonGroup('back-translation of verifier #12 contradicts it: "Use "caps" here."')).toBe(
      'back-translation of verifier #N contradicts it: "…"',
    );
    expect(reasonGroup("near-duplicate of seed #3 (rougeL 0.82)")).toBe(
      "near-duplicate of seed #N (rougeL N)",
    );
    expect(reasonGroup("does not compile: SyntaxError: unexpected token (line 2, column 9)")).toBe(
      "does not compile",
    );
  });
});
