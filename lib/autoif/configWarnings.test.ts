import { describe, expect, it } from "vitest";
import type { PipelineConfig } from "../schemas/pipelineConfig";
import { configWarnings } from "./configWarnings";
import { emptyResult, nothingNewMessage, shortWarning, type FunnelCounts } from "./emptyResult";
import { configForPreset } from "./presets";

const withK = (c: PipelineConfig, k: number): PipelineConfig => ({
  ...c,
  verifyGen: { ...c.verifyGen, functionsPerInstruction: k },
});

describe("configWarnings", () => {
  it("finds nothing in either preset as shipped", () => {
    expect(configWarnings(configForPreset("paper"))).toEqual([]);
    expect(configWarnings(configForPreset("code"))).toEqual([]);
  });

  it("warns when K is below the code preset's minimum of distinct functions, at the limit and not above it", () => {
    const code = configForPreset("code");
    expect(configWarnings(withK(code, 2)).map((w) => w.field)).toContain(
      "verifyGen.functionsPerInstruction",
    );
    expect(configWarnings(withK(code, 2))[0]!.message).toContain(
      "below the minimum of 3 distinct compiled functions (crossValidate.minFunctions)",
    );
    expect(configWarnings(withK(code, 1)).map((w) => w.field)).toContain(
      "verifyGen.functionsPerInstruction",
    );
    expect(configWarnings(withK(code, 3)).map((w) => w.field)).not.toContain(
      "verifyGen.functionsPerInstruction",
    );
    expect(configWarnings(withK(code, 4))).toEqual([]);
  });

  it("warns when K x cases per call cannot reach the minimum of cases", () => {
    const code = configForPreset("code");
    const c = {
      ...code,
      verifyGen: { ...code.verifyGen, functionsPerInstruction: 3, casesPerCall: 3 },
    };
    expect(configWarnings(c).map((w) => w.field)).toEqual(["verifyGen.casesPerCall"]);
    expect(
      configWarnings({
        ...c,
        verifyGen: { ...c.verifyGen, functionsPerInstruction: 5, casesPerCall: 2 },
      }),
    ).toEqual([]);
  });

  it("warns about thresholds nothing can pass and about one response per sample", () => {
    const paper = configForPreset("paper");
    expect(
      configWarnings({ ...paper, score: { ...paper.score, threshold: 10, comparison: "gt" } }).map(
        (w) => w.field,
      ),
    ).toEqual(["score.threshold"]);
    expect(
      configWarnings({ ...paper, score: { ...paper.score, threshold: 10, comparison: "gte" } }),
    ).toEqual([]);
    expect(
      configWarnings({
        ...paper,
        execute: { ...paper.execute, sftPassRateThreshold: 1, sftPassRateComparison: "gt" },
      }).map((w) => w.field),
    ).toEqual(["execute.sftPassRateThreshold"]);
    expect(
      configWarnings({ ...paper, respond: { responsesPerSample: 1 } }).map((w) => w.field),
    ).toEqual(["respond.responsesPerSample"]);
  });
});

const row = (
  item: string,
  kept: number,
  pending: number,
  dropped: number,
  reasons: Array<[string, number]> = [],
): FunnelCounts => ({
  item,
  total: kept + pending + dropped,
  kept,
  pending,
  dropped,
  reasons: reasons.map(([reason, count]) => ({ reason, count })),
});
const ALL = [
  "augment",
  "verify-gen",
  "cross-validate",
  "back-translate",
  "pair-queries",
  "respond",
  "execute",
  "score",
  "pairs",
];

describe("emptyResult", () => {
  const paper = configForPreset("paper");
  it("is null when every item the run produces has something kept", () => {
    expect(
      emptyResult(
        [row("instructions", 3, 0, 1), row("responses", 5, 0, 2), row("pairs", 1, 0, 0)],
        ALL,
        paper,
      ),
    ).toBeNull();
  });

  it("names cross-validate and crossValidate.minFunctions when too few functions dropped every instruction", () => {
    const code = withK(configForPreset("code"), 2);
    const r = emptyResult(
      [
        row("instructions", 0, 0, 22, [["N distinct compiled function(s), needs at least N", 22]]),
        row("responses", 0, 0, 0),
        row("pairs", 0, 0, 0),
      ],
      ALL,
      code,
    )!;
    expect(r).toMatchObject({
      item: "instructions",
      stage: "cross-validate",
      setting: "crossValidate.minFunctions = 3 with verifyGen.functionsPerInstruction = 2",
    });
    expect(r.message).toContain("kept 0 of 22 instructions");
    expect(r.message).toContain("K = 2 verifier(s)");
  });

  it("names the SFT pass rate, the score threshold, or the pair thresholds", () => {
    const instr = row("instructions", 4, 0, 0);
    expect(
      emptyResult(
        [instr, row("responses", 0, 0, 9, [["pass rate N, needs > N", 9]]), row("pairs", 0, 0, 0)],
        ALL,
        paper,
      ),
    ).toMatchObject({ item: "responses", stage: "execute" });
    expect(
      emptyResult(
        [
          instr,
          row("responses", 0, 0, 9, [
            ["score N, needs >= N", 6],
            ["pass rate N, needs > N", 3],
          ]),
          row("pairs", 0, 0, 0),
        ],
        ALL,
        paper,
      ),
    ).toMatchObject({ item: "responses", stage: "score", setting: "score.threshold = 8 (gte)" });
    expect(
      emptyResult([instr, row("responses", 3, 0, 0), row("pairs", 0, 0, 0)], ALL, paper),
    ).toMatchObject({ item: "pairs", stage: "pairs" });
  });

  it("only judges the items the run's stages produce", () => {
    const instr = row("instructions", 0, 2, 0);
    // Stages 1-3: instructions are pending until back-translation, which is not empty.
    expect(
      emptyResult(
        [instr, row("responses", 0, 0, 0), row("pairs", 0, 0, 0)],
        ALL.slice(0, 3),
        paper,
      ),
    ).toBeNull();
    expect(
      emptyResult(
        [row("instructions", 0, 0, 0), row("responses", 0, 0, 0), row("pairs", 0, 0, 0)],
        ALL.slice(0, 1),
        paper,
      ),
    ).toMatchObject({ item: "instructions", stage: "augment" });
    // Respond only: the responses wait for execution, that is not empty either.
    expect(
      emptyResult(
        [row("instructions", 2, 0, 0), row("responses", 0, 4, 0), row("pairs", 0, 0, 0)],
        ["respond"],
        paper,
      ),
    ).toBeNull();
  });
});

describe("the short form of a run's warning (the runs table)", () => {
  const paper = configForPreset("paper");
  const instr = row("instructions", 4, 0, 0);
  it("names the stage and the count of every empty result emptyResult writes, and the run with nothing new", () => {
    const cases: Array<[FunnelCounts[], string]> = [
      [
        [
          row("instructions", 0, 0, 1_234, [
            ["N distinct compiled function(s), needs at least N", 1_234],
          ]),
          row("responses", 0, 0, 0),
          row("pairs", 0, 0, 0),
        ],
        "cross-validate: 0 of 1234 instructions kept",
      ],
      [
        [row("instructions", 0, 0, 0), row("responses", 0, 0, 0), row("pairs", 0, 0, 0)],
        "augment: no instructions produced",
      ],
      [
        [instr, row("responses", 0, 0, 9, [["pass rate N, needs > N", 9]]), row("pairs", 0, 0, 0)],
        "execute: 0 of 9 responses kept",
      ],
      [
        [
          instr,
          row("responses", 0, 0, 9, [
            ["score N, needs >= N", 6],
            ["pass rate N, needs > N", 3],
          ]),
          row("pairs", 0, 0, 0),
        ],
        "score: 0 of 9 responses kept",
      ],
      [[instr, row("responses", 0, 0, 0), row("pairs", 0, 0, 0)], "respond: no responses produced"],
      [[instr, row("responses", 3, 0, 0), row("pairs", 0, 0, 0)], "pairs: 0 DPO pairs kept"],
    ];
    for (const [funnel, short] of cases) {
      const empty = emptyResult(funnel, ALL, paper)!;
      expect(shortWarning(empty.message)).toBe(short);
      expect(short.startsWith(empty.stage)).toBe(true);
      expect(empty.message.length).toBeGreaterThan(short.length);
    }
    expect(shortWarning(nothingNewMessage(["cross-validate"]))).toBe("nothing new to do");
    expect(nothingNewMessage(["augment", "verify-gen", "cross-validate"])).toContain(
      "(augment to cross-validate)",
    );
  });

  it("cuts a message it does not know at 60 characters", () => {
    expect(shortWarning("x".repeat(200))).toHaveLength(60);
    expect(shortWarning("short")).toBe("short");
  });
});
