import { describe, expect, it } from "vitest";
import { pipelineConfigSchema, presetNames } from "../schemas/pipelineConfig";
import { configForPreset, presets } from "./presets";

describe("presets", () => {
  it.each(presetNames)("%s parses with the config schema unchanged", (name) => {
    expect(pipelineConfigSchema.parse(presets[name])).toEqual(presets[name]);
  });

  it("share the stage defaults of docs/design.md section 5", () => {
    for (const name of presetNames) {
      const c = presets[name];
      expect(c.augment.instructionsPerCall).toBe(50);
      expect(c.augment.nearDuplicateThreshold).toBe(0.7);
      expect(c.verifyGen).toEqual({
        functionsPerInstruction: 8,
        casesPerCall: 3,
        language: "javascript",
      });
      expect(c.backTranslate.functionsPerInstruction).toBe(3);
      expect(c.pairQueries).toEqual({
        queriesPerInstruction: 16,
        minQueryLength: 20,
        maxQueryLength: 300,
      });
      expect(c.respond.responsesPerSample).toBe(8);
      expect(c.sandbox.deadlineMs).toBe(1000);
      expect(c.sandbox.stackLimitKb).toBe(128);
      expect(c.pairs.rejectedPassRate).toBe(0);
    }
  });

  it("filter cross-validation the paper's way (> 0.5) and the scripts' way (any agrees, >= 0.8)", () => {
    const { paper, code } = presets;
    expect([
      paper.crossValidate.caseAccuracyThreshold,
      paper.crossValidate.caseAccuracyComparison,
    ]).toEqual([0.5, "gt"]);
    expect([
      code.crossValidate.caseAccuracyThreshold,
      code.crossValidate.caseAccuracyComparison,
    ]).toEqual([0, "gt"]);
    expect([
      paper.crossValidate.functionAccuracyThreshold,
      paper.crossValidate.functionAccuracyComparison,
    ]).toEqual([0.5, "gt"]);
    expect([
      code.crossValidate.functionAccuracyThreshold,
      code.crossValidate.functionAccuracyComparison,
    ]).toEqual([0.8, "gte"]);
    expect([paper.crossValidate.minFunctions, paper.crossValidate.minCases]).toEqual([1, 1]);
    expect([code.crossValidate.minFunctions, code.crossValidate.minCases]).toEqual([3, 10]);
    expect(paper.crossValidate.stringBooleans).toBe(true);
    expect(code.crossValidate.stringBooleans).toBe(false);
  });

  it("differ in error counting, SFT pass rate, score and chosen comparisons", () => {
    const { paper, code } = presets;
    expect(paper.execute).toEqual({
      errorCounting: "as-fail",
      sftPassRateThreshold: 0.5,
      sftPassRateComparison: "gt",
      distinctTexts: false,
    });
    expect(code.execute).toEqual({
      errorCounting: "excluded",
      sftPassRateThreshold: 0,
      sftPassRateComparison: "gt",
      distinctTexts: true,
    });
    expect([paper.score.threshold, paper.score.comparison]).toEqual([8, "gte"]);
    expect([code.score.threshold, code.score.comparison]).toEqual([8, "gt"]);
    expect([paper.pairs.chosenPassRate, paper.pairs.chosenComparison]).toEqual([0.5, "gt"]);
    expect([code.pairs.chosenPassRate, code.pairs.chosenComparison]).toEqual([0.5, "gte"]);
    expect([paper.pairs.draw, paper.pairs.distinctTexts]).toEqual(["matched", false]);
    expect([code.pairs.draw, code.pairs.distinctTexts]).toEqual(["each-side", true]);
  });

  it("configForPreset returns a deep copy that can be edited without touching the preset", () => {
    const copy = configForPreset("code");
    copy.pairs.seed = 7;
    copy.llm.judge.model = "local-judge";
    expect(presets.code.pairs.seed).toBe(42);
    expect(presets.code.llm.judge.model).toBe("Qwen/Qwen2-72B-Instruct");
    expect(presets.paper.pairs.seed).toBe(42);
  });

  it("are frozen so shared objects cannot drift between presets", () => {
    expect(() => {
      (presets.paper.sandbox as { deadlineMs: number }).deadlineMs = 5;
    }).toThrow(TypeError);
  });
});
