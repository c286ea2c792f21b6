import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBackTranslation, parseNliLabel } from "@/lib/autoif/parse/labels";
import { parseInstructionList } from "@/lib/autoif/parse/instructionList";
import { parseVerifierOutput } from "@/lib/autoif/parse/verifierOutput";
import {
  augmentPrompt,
  backTranslatePrompt,
  nliJudgePrompt,
  verifyGenPrompt,
  type ChatMessage,
} from "@/lib/autoif/prompts";
import { startFakeLlmProcess, type FakeLlmProcess } from "./testing/fakeLlmProcess";
import { prompt } from "./testing/llmTestBed";

// The scripted server is the stand-in model of every pipeline test; these pin its wire formats
// to the parsers the pipeline uses.
let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess();
});
afterAll(() => fake.stop());

async function chat(
  messages: ChatMessage[],
  seed = 0,
): Promise<{ status: number; content: string; body: Record<string, unknown> }> {
  const res = await fetch(`${fake.url}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "fake-model", messages, seed }),
  });
  const body = (await res.json()) as { choices?: Array<{ message: { content: string } }> } & Record<
    string,
    unknown
  >;
  return { status: res.status, content: body.choices?.[0]?.message.content ?? "", body };
}

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("fake LLM server", () => {
  it("labels itself a test double in the model list", async () => {
    const list = (await (await fetch(`${fake.url}/models`)).json()) as {
      data: Array<{ owned_by: string }>;
    };
    expect(list.data.every((m) => m.owned_by === "autoif-fake-llm")).toBe(true);
  });

  it("answers verify-gen deterministically, mostly with a parseable function and cases", async () => {
    const messages = verifyGenPrompt("Answer with at least 40 words.", 3);
    const replies = await Promise.all(seeds(200).map((s) => chat(messages, s)));
    expect((await chat(messages, 7)).content).toBe(replies[7]?.content);
    const parsed = replies.map((r) => parseVerifierOutput(r.content));
    const ok = parsed.flatMap((p) => (p.ok ? [p.value] : []));
    expect(ok.length).toBeGreaterThanOrEqual(180);
    expect(ok.length).toBeLessThan(200);
    expect(ok.filter((v) => v.func.includes(">= 40;")).length).toBeGreaterThan(ok.length / 2);
    expect(
      ok.every((v) => v.cases.length === 3 && v.func.startsWith("function evaluate(response) {")),
    ).toBe(true);
    // The scripted imperfections are all there: syntax errors, endless loops, string booleans.
    expect(ok.some((v) => v.func.includes("&&;"))).toBe(true);
    expect(ok.some((v) => v.func.includes("while (true) {}"))).toBe(true);
    expect(ok.some((v) => v.cases.some((c) => c.output === "True" || c.output === "False"))).toBe(
      true,
    );
    expect(new Set(ok.map((v) => v.func)).size).toBeGreaterThan(1);
  });

  it("answers the Python verify-gen prompt with Python the Python parser reads, in both shapes, with the same imperfections", async () => {
    const messages = verifyGenPrompt("Answer with at least 40 words.", 3, "python");
    expect(messages[0]!.content.split("\n")[0]).toBe(
      "AutoIF Studio · task: verify-gen · prompt verify-gen-python@v1",
    );
    const replies = await Promise.all(seeds(200).map((s) => chat(messages, s)));
    expect((await chat(messages, 7)).content).toBe(replies[7]?.content);
    const parsed = replies.map((r) => parseVerifierOutput(r.content, "python"));
    const ok = parsed.flatMap((p) => (p.ok ? [p.value] : []));
    expect(ok.length).toBeGreaterThanOrEqual(180);
    expect(ok.length).toBeLessThan(200);
    expect(
      ok.every(
        (v) =>
          v.cases.length === 3 &&
          /^def evaluate\(response\):\n {4}\S/m.test(v.func) &&
          !v.func.includes("function evaluate"),
      ),
    ).toBe(true);
    expect(
      ok.filter((v) => v.func.includes("return len(response.split()) >= 40")).length,
    ).toBeGreaterThan(ok.length / 2);
    expect(ok.some((v) => v.func.endsWith(" and"))).toBe(true);
    expect(ok.some((v) => v.func.includes("while True:\n        pass"))).toBe(true);
    expect(ok.some((v) => v.func.includes("return len(response.split()) > 40"))).toBe(true);
    // Both reply shapes: a ```python block, and the reference scripts' JSON with the code inside.
    expect(replies.some((r) => r.content.includes("```python\n"))).toBe(true);
    expect(replies.some((r) => r.content.startsWith('```json\n{\n  "func": "def evaluate'))).toBe(
      true,
    );
    // The JavaScript prompt still gets JavaScript.
    expect((await chat(verifyGenPrompt("Answer with at least 40 words.", 3), 1)).content).toContain(
      "function evaluate(response)",
    );
  });

  it("back-translates a Python checker it knows", async () => {
    const code = 'def evaluate(response):\n    return "," not in response\n';
    const prompt = backTranslatePrompt(code, "python");
    expect(prompt[0]!.content).toMatch(
      /prompt back-translate-python@v1\nYou read a Python function `def evaluate\(response\)`/,
    );
    const texts = await Promise.all(
      seeds(20).map(async (s) => parseBackTranslation((await chat(prompt, s)).content)),
    );
    expect(texts.flatMap((t) => (t.ok ? [t.value] : []))).toContain(
      "Do not use any commas in your response.",
    );
  });

  it("answers augment with the asked number of instructions, some repeating the seeds", async () => {
    const seedTexts = [
      "Answer with at least 40 words.",
      "Do not use any exclamation marks in your response.",
    ];
    const replies = await Promise.all(seeds(10).map((s) => chat(augmentPrompt(seedTexts, 12), s)));
    const lists = replies.map((r) => parseInstructionList(r.content));
    for (const l of lists) expect(l.ok && l.value.length).toBe(12);
    const all = lists.flatMap((l) => (l.ok ? l.value : []));
    expect(all.some((t) => seedTexts.includes(t))).toBe(true);
    expect(new Set(all).size).toBeGreaterThan(30);
  });

  it("back-translates a checker it knows and judges its opposite a contradiction", async () => {
    const code = 'function evaluate(response) {\n  return !response.includes(",");\n}';
    const texts = await Promise.all(
      seeds(20).map(async (s) =>
        parseBackTranslation((await chat(backTranslatePrompt(code), s)).content),
      ),
    );
    const values = texts.flatMap((t) => (t.ok ? [t.value] : []));
    expect(values).toContain("Do not use any commas in your response.");
    const original = "In your entire response, refrain from the use of any commas.";
    const label = async (back: string) =>
      parseNliLabel((await chat(nliJudgePrompt(original, back))).content);
    expect(await label("Use at least three commas in your response.")).toEqual({
      ok: true,
      value: "contradict",
    });
    expect(await label("Do not use any commas in your response.")).toMatchObject({
      ok: true,
      value: expect.stringMatching(/entail|neutral/),
    });
  });

  it("responds at realistic length and scores mostly as `Score: N`", async () => {
    const respond = await chat(
      prompt(
        "respond",
        "Query: <<<\nHow do I start running?\n>>>\n\nInstruction: <<<\nAnswer with at most 100 words.\n>>>",
      ),
      3,
    );
    expect(respond.content.length).toBeGreaterThan(100);
    const scores = await Promise.all(
      seeds(20).map((s) => chat(prompt("score", "Response: <<<\nfine\n>>>"), s)),
    );
    expect(
      scores.filter((r) => /Score\W*:?\s*(\d+)/.test(r.content)).length,
    ).toBeGreaterThanOrEqual(16);
    expect(respond.body.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
    });
  });

  it("rejects a prompt of unknown kind with a 400 that names the problem", async () => {
    const reply = await chat(prompt("summarize", "hello"));
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toMatch(/unknown prompt kind \\"summarize\\"/);
  });
});
