import { describe, expect, it } from "vitest";
import { cohensKappa, combineLabels, labelAgreement, majorityPasses } from "./agreement";

describe("labelAgreement", () => {
  it("counts a confusion matrix with pass as 'follows' and gives accuracy, precision and recall", () => {
    const a = labelAgreement([true, true, false, false, true], [true, false, false, true, true]);
    expect(a).toMatchObject({
      n: 5,
      truePositive: 2,
      falsePositive: 1,
      trueNegative: 1,
      falseNegative: 1,
    });
    expect(a.accuracy).toBeCloseTo(3 / 5);
    expect(a.precision).toBeCloseTo(2 / 3);
    expect(a.recall).toBeCloseTo(2 / 3);
  });
  it("leaves precision undefined when the verifier passed nothing, and everything when nothing is labelled", () => {
    expect(labelAgreement([false, false], [true, false]).precision).toBeNull();
    expect(labelAgreement([], [])).toMatchObject({
      n: 0,
      accuracy: null,
      precision: null,
      recall: null,
    });
  });
});

describe("cohensKappa", () => {
  it("is 1 for perfect agreement and 0 for agreement at chance", () => {
    expect(cohensKappa([true, false, true, false], [true, false, true, false])).toBe(1);
    expect(cohensKappa([true, true, false, false], [true, false, true, false])).toBe(0);
  });
  it("matches a worked example (20 agree-yes, 15 agree-no, 10 + 5 disagree of 50 items: 0.4)", () => {
    const a = [
      ...Array(20).fill(true),
      ...Array(15).fill(false),
      ...Array(10).fill(true),
      ...Array(5).fill(false),
    ] as boolean[];
    const b = [
      ...Array(20).fill(true),
      ...Array(15).fill(false),
      ...Array(10).fill(false),
      ...Array(5).fill(true),
    ] as boolean[];
    expect(cohensKappa(a, b)).toBeCloseTo(0.4, 10);
  });
  it("is undefined when both raters said the same one thing about everything", () => {
    expect(cohensKappa([true, true], [true, true])).toBeNull();
    expect(cohensKappa([], [])).toBeNull();
  });
});

describe("majorityPasses", () => {
  it("needs strictly more than half passing, with errors counting against", () => {
    expect(majorityPasses(["pass", "pass", "fail"])).toBe(true);
    expect(majorityPasses(["pass", "error"])).toBe(false);
    expect(majorityPasses([])).toBe(false);
  });
});

describe("combineLabels", () => {
  it("takes each reviewer's latest label and the majority of reviewers", () => {
    expect(
      combineLabels([
        { reviewer: "a", label: "violates" },
        { reviewer: "a", label: "follows" },
        { reviewer: "b", label: "follows" },
      ]),
    ).toBe("follows");
    expect(
      combineLabels([
        { reviewer: "a", label: "follows" },
        { reviewer: "b", label: "violates" },
      ]),
    ).toBeNull();
    expect(
      combineLabels([
        { reviewer: "a", label: "follows" },
        { reviewer: "a", label: "clear" },
      ]),
    ).toBeNull();
  });
});
