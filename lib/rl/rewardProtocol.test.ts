import { describe, expect, it } from "vitest";
import {
  parseRewardRequest,
  responseOfQuery,
  rewardFromVerdicts,
  rewardOptionsFrom,
  stripEndMarkers,
  stripThinking,
  verifiedText,
} from "./rewardProtocol";

describe("the response inside an OpenRLHF query", () => {
  it("is the text after the prompt, without trailing end-of-turn markers", () => {
    const prompt = "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n";
    expect(verifiedText(`${prompt}Hello there.<|im_end|>`, prompt, { think: "keep" })).toEqual({
      response: "Hello there.",
    });
    expect(
      verifiedText(`${prompt}Hello there.\n<|im_end|>\n<|endoftext|>`, prompt, { think: "keep" }),
    ).toEqual({ response: "Hello there.\n" });
    for (const marker of [
      "<|eot_id|>",
      "</s>",
      "<end_of_turn>",
      "<|end|>",
      "<eos>",
      "<|return|>",
      "<|end_of_text|>",
    ])
      expect(stripEndMarkers(`ok${marker}`)).toBe("ok");
    // A marker inside the text stays: only the end is cut.
    expect(stripEndMarkers("a</s>b")).toBe("a</s>b");
    expect(responseOfQuery("xx PROMPT answer", "PROMPT ")).toEqual({ response: "answer" });
    expect(responseOfQuery("answer only", "")).toEqual({ response: "answer only" });
    expect(responseOfQuery("short", "a longer prompt")).toEqual({
      problem: expect.stringMatching(/does not contain its prompt/),
    });
  });

  it("loses a leading thinking section, also one the template opened in the prompt", () => {
    expect(stripThinking("<think>plan</think>\n\nAnswer")).toBe("Answer");
    expect(stripThinking("  <think>a\nb</think>Answer")).toBe("Answer");
    expect(stripThinking("plan only, then</think>Answer")).toBe("Answer");
    expect(stripThinking("<think>never closed")).toBe("");
    expect(stripThinking("Answer with <think>later</think> inside")).toBe(
      "Answer with <think>later</think> inside",
    );
    expect(stripThinking("no thinking")).toBe("no thinking");
  });
});

describe("rewards", () => {
  it("follow the counting rule; all-or-nothing gives 1 only when every counted verifier passed", () => {
    expect(
      rewardFromVerdicts(["pass", "fail", "error"], "as-fail", "pass-rate").reward,
    ).toBeCloseTo(1 / 3);
    expect(rewardFromVerdicts(["pass", "fail", "error"], "excluded", "pass-rate").reward).toBe(0.5);
    expect(rewardFromVerdicts(["pass", "error"], "excluded", "all-or-nothing").reward).toBe(1);
    expect(rewardFromVerdicts(["pass", "error"], "as-fail", "all-or-nothing").reward).toBe(0);
    expect(rewardFromVerdicts(["error"], "excluded", "pass-rate")).toEqual({
      reward: 0,
      passRate: 0,
    });
    expect(rewardFromVerdicts([], "as-fail", "pass-rate")).toEqual({ reward: 0, passRate: null });
  });

  it("options come from the URL and a bad one is named", () => {
    expect(
      rewardOptionsFrom(new URLSearchParams("mode=all-or-nothing&think=keep&split=any")),
    ).toEqual({ ok: true, options: { mode: "all-or-nothing", think: "keep", split: "any" } });
    expect(rewardOptionsFrom(new URLSearchParams("split=test"))).toEqual({
      ok: false,
      message: expect.stringMatching(/split=test is not one of train, any/),
    });
  });
});

describe("parseRewardRequest", () => {
  it("takes three lists of one length and keeps labels of any type for per-item answers", () => {
    expect(parseRewardRequest({ query: ["a"], prompts: [""], labels: [7], extra: 1 })).toEqual({
      ok: true,
      request: { query: ["a"], prompts: [""], labels: [7] },
    });
    expect(
      parseRewardRequest({ query: ["a", "b"], prompts: ["", ""], labels: ["x", "y"] }, 1),
    ).toMatchObject({ ok: false, status: 413 });
    expect(parseRewardRequest({ query: ["a"], prompts: ["", ""], labels: ["x"] })).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/query has 1 items, prompts 2 and labels 1/),
    });
    expect(parseRewardRequest(null)).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/Got null/),
    });
  });
});
