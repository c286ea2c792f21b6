import { describe, expect, it } from "vitest";
import { configForPreset } from "../autoif/presets";
import { configGroups, getAt, setAt } from "./configFields";
import { pipelineConfigSchema } from "./pipelineConfig";

describe("configGroups", () => {
  const groups = configGroups(pipelineConfigSchema);
  const fields = groups.flatMap((g) => g.fields);

  it("lists every leaf of the paper preset as an editable field", () => {
    const config = configForPreset("paper");
    const leaves: string[] = [];
    const walk = (node: unknown, path: string[]) => {
      if (typeof node === "object" && node !== null) {
        for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      } else leaves.push(path.join("."));
    };
    walk(config, []);
    expect(fields.map((f) => f.path.join(".")).sort()).toEqual(
      expect.arrayContaining(leaves.sort()),
    );
  });

  it("gives LLM roles their own groups and keeps bounds and options", () => {
    expect(groups.map((g) => g.path.join("."))).toContain("llm.generator");
    const temperature = fields.find((f) => f.path.join(".") === "llm.generator.temperature");
    expect(temperature).toMatchObject({ kind: "number", min: 0, max: 2 });
    const counting = fields.find((f) => f.path.join(".") === "execute.errorCounting");
    expect(counting?.options).toEqual(["as-fail", "excluded"]);
    const cap = fields.find((f) => f.path.join(".") === "budget.maxCostUsd");
    expect(cap).toMatchObject({ nullable: true, kind: "number" });
  });
});

describe("getAt and setAt", () => {
  it("replace one nested value without touching the original", () => {
    const original = { a: { b: 1, c: 2 } };
    const changed = setAt(original, ["a", "b"], 5);
    expect(getAt(changed, ["a", "b"])).toBe(5);
    expect(original.a.b).toBe(1);
    expect(setAt(changed, ["a", "c"], undefined)).toEqual({ a: { b: 5 } });
  });
});
