import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { llmCalls } from "@/db/schema";
import { startFakeLlmProcess, type FakeLlmProcess } from "./testing/fakeLlmProcess";
import { createLlmTestBed, prompt, type LlmTestBed } from "./testing/llmTestBed";

let fake: FakeLlmProcess;
let bed: LlmTestBed;

beforeAll(async () => {
  fake = await startFakeLlmProcess();
});
afterAll(() => fake.stop());
beforeEach(async () => {
  await fake.reset();
  bed = createLlmTestBed(fake.url);
});
afterEach(() => bed.cleanup());

const score = prompt("score", "Instruction: <<<\nAnswer in lowercase.\n>>>\n\nRate it.");

describe("llm client resume cache", () => {
  it("answers a repeated request from llm_calls without sending it again", async () => {
    const first = await bed.client().call({ role: "judge", kind: "score", messages: score });
    const second = await bed.client().call({ role: "judge", kind: "score", messages: score });
    expect(first).toMatchObject({ ok: true, cached: false, attempts: 1 });
    expect(second).toMatchObject({ ok: true, cached: true, callId: first.callId });
    expect(second.ok && first.ok && second.content === first.content).toBe(true);
    const stats = await fake.stats();
    expect(stats.chatRequests).toBe(1);
    expect(Object.values(stats.completionsByHash)).toEqual([1]);
  });

  it("sends different sample indexes as different requests with different seeds", async () => {
    const client = bed.client();
    const a = await client.call({
      role: "generator",
      kind: "score",
      messages: score,
      sampleIndex: 0,
    });
    const b = await client.call({
      role: "generator",
      kind: "score",
      messages: score,
      sampleIndex: 1,
    });
    expect(a.callId).not.toBe(b.callId);
    expect((await fake.stats()).chatRequests).toBe(2);
  });

  it("shares one HTTP request between identical calls in flight at once", async () => {
    const client = bed.client();
    const results = await Promise.all(
      [1, 2, 3].map(() => client.call({ role: "judge", kind: "score", messages: score })),
    );
    expect(new Set(results.map((r) => r.callId)).size).toBe(1);
    expect((await fake.stats()).chatRequests).toBe(1);
  });

  it("records the call as pending before the answer arrives, then completed with usage and cost", async () => {
    await fake.script([{ fault: "hang", times: 1 }]);
    // Resolved when the request goes out, by the client's own fetch: no polling of the fake.
    let sent!: () => void;
    const requestSent = new Promise<void>((resolve) => (sent = resolve));
    const call = bed
      .client({ fetch: (input, init) => (sent(), fetch(input, init)) })
      .call({ role: "generator", kind: "score", messages: score });
    await requestSent;
    const pending = bed.db.select().from(llmCalls).all();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      status: "pending",
      role: "generator",
      model: "fake-model",
      endpoint: fake.url,
      response: null,
    });
    expect(JSON.stringify(pending[0]?.request)).not.toMatch(/no-key|authorization/i);
    await fake.release();
    const result = await call;
    const row = bed.db.select().from(llmCalls).where(eq(llmCalls.id, result.callId)).get();
    expect(row).toMatchObject({ status: "completed", error: null });
    expect(row?.tokensIn).toBeGreaterThan(0);
    expect(row?.costUsd).toBeCloseTo(
      ((row?.tokensIn ?? 0) * 1 + (row?.tokensOut ?? 0) * 2) / 1e6,
      12,
    );
    expect(row?.response).toMatchObject({ attempts: 1, finishReason: "stop" });
  });

  it("re-sends a request whose earlier attempt failed, reusing its row", async () => {
    await fake.script([{ fault: "500", times: 1 }]);
    const failed = await bed
      .client({ generator: { maxAttempts: 1 } })
      .call({ role: "generator", kind: "score", messages: score });
    const retried = await bed.client().call({ role: "generator", kind: "score", messages: score });
    expect(failed.ok).toBe(false);
    expect(retried).toMatchObject({ ok: true, cached: false, callId: failed.callId });
    expect(bed.db.select().from(llmCalls).all()).toHaveLength(1);
  });

  it("counts usage per role, with cached answers counted apart from sent calls", async () => {
    const client = bed.client();
    await client.call({ role: "generator", kind: "score", messages: score });
    await client.call({ role: "generator", kind: "score", messages: score });
    await client.call({ role: "judge", kind: "score", messages: score });
    const usage = client.usage();
    expect(usage.generator).toMatchObject({ calls: 1, cachedCalls: 1, failedCalls: 0 });
    expect(usage.judge.calls).toBe(1);
    expect(usage.total.calls).toBe(2);
    expect(usage.total.costUsd).toBeGreaterThan(0);
  });
});
