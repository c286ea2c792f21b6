import { describe, expect, it } from "vitest";
import { configForPreset } from "./presets";
import {
  countAgreement,
  crossValidate,
  expectedBoolean,
  storedExpectation,
  type Verdict,
} from "./crossValidate";
import { nearestDuplicate, rougeL, tokenJaccard, tokens } from "./similarity";

const paper = configForPreset("paper").crossValidate;
const code = configForPreset("code").crossValidate;

// 4 functions x 5 cases, computed by hand below.
// case expectations:      c1=T  c2=F  c3=T  c4=F    c5="True"
const verdicts: Verdict[][] = [
  /* f1 correct        */ ["pass", "fail", "pass", "fail", "pass"],
  /* f2 mostly right   */ ["pass", "fail", "pass", "pass", "pass"],
  /* f3 inverted       */ ["fail", "pass", "fail", "pass", "fail"],
  /* f4 throws always  */ ["error", "error", "error", "error", "error"],
];
const cases = [
  { id: 1, expected: true },
  { id: 2, expected: false },
  { id: 3, expected: true },
  { id: 4, expected: false },
  { id: 5, expected: "True" },
];
const input = { functionIds: [11, 12, 13, 14], cases, verdicts };

describe("crossValidate with the paper preset", () => {
  const result = crossValidate(input, paper);

  it("keeps a case only when more than half the functions agree with it", () => {
    // agreement: c1 2/4, c2 2/4, c3 2/4, c4 1/4, c5 ("True" read as true) 2/4 -> none > 0.5
    expect(result.cases.map((c) => c.agreement)).toEqual([0.5, 0.5, 0.5, 0.25, 0.5]);
    expect(result.cases.every((c) => !c.kept)).toBe(true);
    expect(result.instruction).toEqual({
      kept: false,
      reason: "0 test case(s) kept, needs at least 1",
    });
  });

  it("keeps functions above half accuracy on the kept cases", () => {
    const twoGood = crossValidate(
      {
        functionIds: [1, 2, 3],
        cases: cases.slice(0, 2),
        verdicts: [
          ["pass", "fail"],
          ["pass", "fail"],
          ["fail", "fail"],
        ],
      },
      paper,
    );
    // c1: 2/3 agree -> kept; c2: 3/3 -> kept. f1 2/2, f2 2/2, f3 1/2 = 0.5 -> not > 0.5
    expect(twoGood.cases.map((c) => c.kept)).toEqual([true, true]);
    expect(twoGood.functions.map((f) => [f.id, f.kept, f.accuracy])).toEqual([
      [1, true, 1],
      [2, true, 1],
      [3, false, 0.5],
    ]);
    expect(twoGood.functions[2]?.reason).toBe("accuracy 1/2 on kept cases, needs > 0.5");
    expect(twoGood.instruction.kept).toBe(true);
  });
});

describe("crossValidate with the code preset", () => {
  const result = crossValidate(input, { ...code, minFunctions: 3, minCases: 5 });

  it("keeps any case one function agrees with and never matches a string to a boolean", () => {
    expect(result.cases.map((c) => c.kept)).toEqual([true, true, true, true, false]);
    expect(result.cases[4]?.reason).toBe('expected value "True" is not a boolean');
  });

  it("keeps functions with accuracy >= 0.8 on kept cases, errors counting as wrong", () => {
    // kept cases c1..c4: f1 4/4, f2 3/4 = 0.75, f3 0/4 (inverted everywhere), f4 0/4
    expect(result.functions.map((f) => [f.id, f.accuracy, f.kept])).toEqual([
      [11, 1, true],
      [12, 0.75, false],
      [13, 0, false],
      [14, 0, false],
    ]);
    expect(result.instruction.kept).toBe(true);
  });

  it("drops an instruction with too few distinct functions or cases before filtering", () => {
    expect(crossValidate(input, code).instruction).toEqual({
      kept: false,
      reason: "5 distinct test case(s), needs at least 10",
    });
    const twoFunctions = crossValidate(
      { ...input, functionIds: [11, 12], verdicts: verdicts.slice(0, 2) },
      code,
    );
    expect(twoFunctions.instruction.reason).toBe(
      "2 distinct compiled function(s), needs at least 3",
    );
  });
});

describe("expectedBoolean", () => {
  it("reads strings only when the preset allows it", () => {
    expect(expectedBoolean(" false ", true)).toBe(false);
    expect(expectedBoolean("False", false)).toBeNull();
    expect(expectedBoolean("maybe", true)).toBeNull();
  });
});

describe("countAgreement: the audit page's live accuracy is stage 3's", () => {
  // Three functions that agree on every case, so every case is kept; f2 errors on the "True" case.
  const rows = [
    { expected: true, expectedRaw: null },
    { expected: false, expectedRaw: null },
    { expected: true, expectedRaw: JSON.stringify("True") },
    { expected: false, expectedRaw: JSON.stringify(" FALSE ") },
  ];
  const v: Verdict[][] = [
    ["pass", "fail", "pass", "fail"],
    ["pass", "fail", "error", "fail"],
    ["pass", "fail", "pass", "pass"],
  ];
  const stored = rows.map((r, i) => ({ id: i + 1, expected: storedExpectation(r) }));

  it("reads a stored row's expectation as the LLM wrote it", () => {
    expect(stored.map((c) => c.expected)).toEqual([true, false, "True", " FALSE "]);
  });

  it.each([
    ["paper", paper],
    ["code", code],
  ] as const)(
    "under %s, counts each function's right answers on the kept cases as crossValidate does",
    (_, config) => {
      const minimal = {
        ...config,
        minFunctions: 1,
        minCases: 1,
        minKeptCases: 1,
        minKeptFunctions: 1,
      };
      const result = crossValidate({ functionIds: [1, 2, 3], cases: stored, verdicts: v }, minimal);
      const kept = result.cases.map((c, ci) => ({ c, ci })).filter(({ c }) => c.kept);
      v.forEach((row, fi) => {
        const { right, judged } = countAgreement(
          kept.map(({ ci }) => ({ expected: stored[ci]!.expected, verdict: row[ci] })),
          config.stringBooleans,
        );
        expect(judged).toBe(kept.length);
        expect(right / judged).toBeCloseTo(result.functions[fi]!.accuracy, 12);
      });
    },
  );

  it('under paper a case expecting "True" is judged like true; under code it is not judged', () => {
    const trueCase = [{ expected: storedExpectation(rows[2]!), verdict: "pass" as const }];
    expect(countAgreement(trueCase, paper.stringBooleans)).toEqual({ right: 1, judged: 1 });
    expect(countAgreement(trueCase, code.stringBooleans)).toEqual({ right: 0, judged: 0 });
    // An error or a missing verdict is judged and wrong, never right.
    expect(
      countAgreement(
        [
          { expected: true, verdict: "error" },
          { expected: false, verdict: undefined },
        ],
        true,
      ),
    ).toEqual({ right: 0, judged: 2 });
    expect(countAgreement([], true)).toEqual({ right: 0, judged: 0 });
  });
});

describe("similarity", () => {
  it("scores ROUGE-L and Jaccard on word tokens", () => {
    const a = tokens("Answer in fewer than 50 words.");
    const b = tokens("Respond in fewer than 50 words");
    expect(rougeL(a, b)).toBeCloseTo(0.8333, 3);
    // 5 shared words of 7 distinct
    expect(tokenJaccard(a, b)).toBeCloseTo(5 / 7, 5);
    expect(rougeL(a, [])).toBe(0);
  });

  it("finds the nearest earlier instruction at or above the threshold", () => {
    const kept = ["Use no commas.", "Answer in fewer than 50 words."].map((text) => ({
      text,
      tokens: tokens(text),
    }));
    const hit = nearestDuplicate(tokens("Respond in fewer than 50 words"), kept, "rougeL", 0.7);
    expect(hit?.item.text).toBe("Answer in fewer than 50 words.");
    expect(nearestDuplicate(tokens("Write three paragraphs."), kept, "rougeL", 0.7)).toBeNull();
  });
});
