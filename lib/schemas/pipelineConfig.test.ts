import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configForPreset } from "../autoif/presets";
import { pipelineConfigSchema } from "./pipelineConfig";

function issuePaths(input: unknown): string[] {
  const result = pipelineConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
}

/** Every leaf schema under an object, with its dotted path. */
function leaves(schema: z.ZodType, path: string): Array<[string, z.ZodType]> {
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([k, s]) =>
      leaves(s, `${path}.${k}`),
    );
  }
  return [[path, schema]];
}

describe("pipelineConfigSchema", () => {
  it("gives every knob a help text for the UI", () => {
    const all = leaves(pipelineConfigSchema, "config");
    expect(all.length).toBeGreaterThan(40);
    const missing = all.filter(([, s]) => !s.description).map(([p]) => p);
    expect(missing).toEqual([]);
  });

  it("rejects thresholds outside 0..1 and non-integer counts", () => {
    const config = configForPreset("paper");
    config.crossValidate.functionAccuracyThreshold = 1.5;
    config.verifyGen.functionsPerInstruction = 2.5;
    config.respond.responsesPerSample = 0;
    expect(issuePaths(config).sort()).toEqual([
      "crossValidate.functionAccuracyThreshold",
      "respond.responsesPerSample",
      "verifyGen.functionsPerInstruction",
    ]);
  });

  it("reports a query length window with nothing strictly inside at minQueryLength", () => {
    const config = configForPreset("paper");
    config.pairQueries.minQueryLength = 299;
    expect(issuePaths(config)).toEqual(["pairQueries.minQueryLength"]);
    config.pairQueries.minQueryLength = 298;
    expect(issuePaths(config)).toEqual([]);
  });

  it("refuses a rejected pass rate that overlaps the chosen range", () => {
    const config = configForPreset("code");
    config.pairs.rejectedPassRate = 0.5; // code chooses pass rate >= 0.5
    expect(issuePaths(config)).toEqual(["pairs.rejectedPassRate"]);
    config.pairs.chosenComparison = "gt"; // > 0.5 and <= 0.5 no longer overlap
    expect(issuePaths(config)).toEqual([]);
  });

  it("refuses a stack limit as large as the memory limit", () => {
    const config = configForPreset("paper");
    config.sandbox.memoryLimitMb = 8;
    config.sandbox.stackLimitKb = 8 * 1024;
    expect(issuePaths(config)).toEqual(["sandbox.stackLimitKb"]);
  });

  it("refuses an API key field and credentials in the base URL", () => {
    const withKey = configForPreset("paper") as unknown as {
      llm: { generator: Record<string, unknown> };
    };
    withKey.llm.generator.apiKey = "sk-secret";
    expect(issuePaths(withKey)).toEqual(["llm.generator"]);

    const withUserinfo = configForPreset("paper");
    withUserinfo.llm.judge.baseUrl = "https://user:sk-secret@api.example.com/v1";
    expect(issuePaths(withUserinfo)).toEqual(["llm.judge.baseUrl"]);

    const plain = configForPreset("paper");
    plain.llm.judge.baseUrl = "http://127.0.0.1:8000/v1";
    expect(issuePaths(plain)).toEqual([]);
  });

  it("defaults token prices to 0 and accepts no budget cap", () => {
    const config = configForPreset("paper") as unknown as {
      llm: { generator: Record<string, unknown> };
    };
    delete config.llm.generator.pricePerMillionInput;
    const parsed = pipelineConfigSchema.parse(config);
    expect(parsed.llm.generator.pricePerMillionInput).toBe(0);
    expect(parsed.budget).toEqual({ maxCostUsd: null, maxCalls: null });
  });
});
