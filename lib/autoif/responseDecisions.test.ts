import { describe, expect, it } from "vitest";
import { parseScore } from "./parse/score";
import { configForPreset } from "./presets";
import { decideResponse, meanScore, passRate, sameTextAs, selectPairs } from "./responseDecisions";

const paper = configForPreset("paper");
const code = configForPreset("code");

describe("passRate", () => {
  it("counts errors as fails under paper and leaves them out under code", () => {
    const v = ["pass", "error", "fail", "pass"] as const;
    expect(passRate(v, paper.execute.errorCounting)).toBe(0.5);
    expect(passRate(v, code.execute.errorCounting)).toBeCloseTo(2 / 3);
    expect(passRate([], "as-fail")).toBeNull();
  });

  it("gives 0 under code when nothing is counted (code/7_query_vertification.py l.62: `np.mean(acc) if acc else 0`)", () => {
    expect(passRate(["error"], "excluded")).toBe(0);
    expect(passRate(["error", "error", "error"], "excluded")).toBe(0);
    expect(passRate(["error", "error"], "as-fail")).toBe(0);
    // So it is a rejected candidate under code, and execution drops it with its pass rate.
    expect(decideResponse(passRate(["error"], "excluded"), undefined, code)).toMatchObject({
      executionKept: false,
      reason: "pass rate 0.00, needs > 0",
    });
    expect(
      selectPairs(
        [
          { id: 1, passRate: 1 },
          { id: 2, passRate: passRate(["error"], "excluded") },
        ],
        code.pairs,
        3,
      ),
    ).toEqual([{ chosen: 1, rejected: 2 }]);
  });
});

describe("decideResponse", () => {
  it("applies the execution threshold, then the score threshold of each preset", () => {
    expect(decideResponse(0.5, 9, paper)).toMatchObject({
      kept: false,
      executionKept: false,
      reason: "pass rate 0.50, needs > 0.5",
    });
    expect(decideResponse(0.5, 8, code)).toMatchObject({
      kept: false,
      executionKept: true,
      reason: "score 8.0, needs > 8",
    });
    expect(decideResponse(0.75, 8, paper)).toMatchObject({ kept: true });
    expect(decideResponse(0.1, 9, code)).toMatchObject({ kept: true });
    expect(decideResponse(1, undefined, paper).reason).toMatch(/^not scored/);
  });
});

describe("decideResponse with execute.distinctTexts (code/7_query_vertification.py l.81: set of SFT rows)", () => {
  it("drops a response whose text an earlier response of its sample has, under code only", () => {
    expect(decideResponse(1, undefined, code, 4)).toMatchObject({
      executionKept: false,
      kept: false,
      reason: "same text as response #4",
    });
    expect(decideResponse(1, 9, code, null)).toMatchObject({ kept: true });
    expect(decideResponse(1, 9, paper, 4)).toMatchObject({ kept: true });
    expect(sameTextAs({ id: 7, textKey: 4 })).toBe(4);
    expect(sameTextAs({ id: 4, textKey: 4 })).toBeNull();
  });
});

describe("meanScore and parseScore", () => {
  it("averages parsed scores and reads the usual spellings", () => {
    expect(meanScore([8, null, 10])).toBe(9);
    expect(meanScore([null])).toBeNull();
    expect(parseScore("Reasoning... Score: 9")).toEqual({ ok: true, value: 9 });
    expect(parseScore("**Score**: 7/10")).toEqual({ ok: true, value: 7 });
    expect(parseScore("I would give it a score of 8.5 overall.\nScore: 6")).toEqual({
      ok: true,
      value: 6,
    });
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

  it("under code draws min(2, n) from each side whenever both have one and pairs every draw", () => {
    // code_dpo/2_dpo_data_query_construct.py l.36-49: 2 of each side when either has 2, else 1 of each; both are min(2, n).
    const sides = (chosen: number, rejected: number) => [
      ...Array.from({ length: chosen }, (_, i) => ({ id: 10 + i, passRate: 1 })),
      ...Array.from({ length: rejected }, (_, i) => ({ id: 20 + i, passRate: 0 })),
    ];
    for (const [chosen, rejected, expected] of [
      [1, 7, 2],
      [7, 1, 2],
      [1, 1, 1],
      [2, 2, 4],
      [5, 5, 4],
      [0, 3, 0],
      [3, 0, 0],
      [0, 0, 0],
    ] as const) {
      for (const seed of [1, 2, 3]) {
        const pairs = selectPairs(sides(chosen, rejected), code.pairs, seed);
        expect({ chosen, rejected, pairs: pairs.length }).toEqual({
          chosen,
          rejected,
          pairs: expected,
        });
        // Every draw of one side meets every draw of the other.
        expect(new Set(pairs.map((p) => `${p.chosen}:${p.rejected}`)).size).toBe(pairs.length);
        expect(pairs.length).toBe(
          new Set(pairs.map((p) => p.chosen)).size * new Set(pairs.map((p) => p.rejected)).size,
        );
      }
    }
    // paper keeps its reading: 1 x 1 unless both sides have two.
    expect(selectPairs(sides(1, 7), paper.pairs, 1)).toHaveLength(1);
    expect(selectPairs(sides(7, 1), paper.pairs, 1)).toHaveLength(1);
  });

  it("under code makes one pair of identical (chosen text, rejected text), as set() does (code_dpo/2 l.63)", () => {
    // Responses 1 and 2 have the same text (textKey 1), as do 3 and 4 (textKey 3).
    const same = [
      { id: 1, passRate: 1, textKey: 1 },
      { id: 2, passRate: 1, textKey: 1 },
      { id: 3, passRate: 0, textKey: 3 },
      { id: 4, passRate: 0, textKey: 3 },
    ];
    expect(selectPairs(same, code.pairs, 5)).toHaveLength(1);
    expect(selectPairs(same, { ...code.pairs, distinctTexts: false }, 5)).toHaveLength(4);
    const half = [
      same[0]!,
      same[1]!,
      { id: 3, passRate: 0, textKey: 3 },
      { id: 4, passRate: 0, textKey: 4 },
    ];
    const pairs = selectPairs(half, code.pairs, 5);
    expect(pairs).toHaveLength(2);
    expect(new Set(pairs.map((p) => p.rejected))).toEqual(new Set([3, 4]));
  });
});
