import { describe, expect, it } from "vitest";
import { parseScore } from "./parse/score";
import { configForPreset } from "./presets";
import { decideResponse, meanScore, passRate, selectPairs } from "./responseDecisions";

const paper = configForPreset("paper");
const code = configForPreset("code");

describe("passRate", () => {
  it("counts errors as fails under paper and leaves them out under code", () => {
    const v = ["pass", "error", "fail", "pass"] as const;
    expect(passRate(v, paper.execute.errorCounting)).toBe(0.5);
    expect(passRate(v, code.execute.errorCounting)).toBeCloseTo(2 / 3);
    expect(passRate(["error"], "excluded")).toBeNull();
    expect(passRate([], "as-fail")).toBeNull();
  });
});

describe("decideResponse", () => {
  it("applies the execution threshold, then the score threshold of each preset", () => {
    expect(decideResponse(0.5, 9, paper)).toMatchObject({ kept: false, executionKept: false, reason: "pass rate 0.50, needs > 0.5" });
    expect(decideResponse(0.5, 8, code)).toMatchObject({ kept: false, executionKept: true, reason: "score 8.0, needs > 8" });
    expect(decideResponse(0.75, 8, paper)).toMatchObject({ kept: true });
    expect(decideResponse(0.1, 9, code)).toMatchObject({ kept: true });
    expect(decideResponse(1, undefined, paper).reason).toMatch(/^not scored/);
  });
});

describe("meanScore and parseScore", () => {
  it("averages parsed scores and reads the usual spellings", () => {
    expect(meanScore([8, null, 10])).toBe(9);
    expect(meanScore([null])).toBeNull();
    expect(parseScore("Reasoning... Score: 9")).toEqual({ ok: true, value: 9 });
    expect(parseScore("**Score**: 7/10")).toEqual({ ok: true, value: 7 });
    expect(parseScore("I would give it a score of 8.5 overall.\nScore: 6")).toEqual({ ok: true, value: 6 });
    expect(parseScore("Looks fine to me.")).toMatchObject({ ok: false });
    expect(parseScore("Score: 42")).toMatchObject({ ok: false });
  });
});

describe("selectPairs", () => {
  const rs = [
    { id: 1, passRate: 1 },
    { id: 2, passRate: 0.75 },
    { id: 3, passRate: 0 },
    { id: 4, passRate: 0 },
    { id: 5, passRate: 0.5 },
    { id: 6, passRate: null },
  ];

  it("makes 2 x 2 pairs when both sides have two, with the same draw for the same seed", () => {
    const pairs = selectPairs(rs, paper.pairs, 7);
    expect(pairs).toHaveLength(4);
    expect(new Set(pairs.map((p) => p.chosen))).toEqual(new Set([1, 2]));
    expect(new Set(pairs.map((p) => p.rejected))).toEqual(new Set([3, 4]));
    expect(selectPairs(rs, paper.pairs, 7)).toEqual(pairs);
  });

  it("falls back to 1 x 1 and to nothing", () => {
    const one = selectPairs([rs[0]!, rs[2]!, rs[3]!], paper.pairs, 1);
    expect(one).toHaveLength(1);
    expect(selectPairs([rs[0]!, rs[1]!], paper.pairs, 1)).toEqual([]);
    // code: chosen >= 0.5 lets response 5 in.
    const codePairs = selectPairs([rs[4]!, rs[2]!], code.pairs, 1);
    expect(codePairs).toEqual([{ chosen: 5, rejected: 3 }]);
  });
});
