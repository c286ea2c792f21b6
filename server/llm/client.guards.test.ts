import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { llmCalls, runs } from "@/db/schema";
import { LlmAuthError, LlmBudgetError, LlmConfigError } from "./errors";
import { startFakeLlmProcess, type FakeLlmProcess } from "./testing/fakeLlmProcess";
import { createLlmTestBed, prompt, type LlmTestBed } from "./testing/llmTestBed";

let fake: FakeLlmProcess;
let bed: LlmTestBed;

beforeAll(async () => {
  fake = await startFakeLlmProcess(["--api-key", "right-key"]);
});
afterAll(() => fake.stop());
beforeEach(async () => {
  await fake.reset();
  bed = createLlmTestBed(fake.url);
});
afterEach(() => bed.cleanup());

const goodKey = {
  values: { AUTOIF_GENERATOR_API_KEY: "right-key", AUTOIF_JUDGE_API_KEY: "right-key" },
  secret: () => undefined,
};
const messages = (i: number) => prompt("score", `Query: <<<\nQuestion number ${i}\n>>>`);

describe("llm client guards", () => {
  it("stops at a refused key: one request, then every call rejects with the same LlmAuthError", async () => {
    const client = bed.client({
      environment: { values: { OPENAI_API_KEY: "wrong-key" }, secret: () => undefined },
    });
    const first = client.call({ role: "generator", kind: "score", messages: messages(1) });
    await expect(first).rejects.toBeInstanceOf(LlmAuthError);
    const error = (await first.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /generator endpoint http:\/\/127\.0\.0\.1:\d+\/v1 refused the API key \(HTTP 401.*check AUTOIF_GENERATOR_API_KEY or OPENAI_API_KEY/,
    );
    const later = await Promise.allSettled(
      [2, 3, 4].map((i) => client.call({ role: "judge", kind: "score", messages: messages(i) })),
    );
    for (const r of later) expect(r).toMatchObject({ status: "rejected", reason: error });
    expect((await fake.stats()).requests).toBe(1);
    expect(
      bed.db.select({ status: llmCalls.status, error: llmCalls.error }).from(llmCalls).all(),
    ).toEqual([{ status: "failed", error: expect.stringMatching(/^401 /) }]);
  });

  it("treats a scripted 401 mid-run like a refused key", async () => {
    await fake.script([{ fault: "401", times: 1 }]);
    const client = bed.client({ environment: goodKey });
    await expect(
      client.call({ role: "generator", kind: "score", messages: messages(1) }),
    ).rejects.toBeInstanceOf(LlmAuthError);
    await expect(
      client.call({ role: "generator", kind: "score", messages: messages(2) }),
    ).rejects.toBeInstanceOf(LlmAuthError);
    expect((await fake.stats()).chatRequests).toBe(1);
  });

  it("stops at the call budget with LlmBudgetError and sends nothing more", async () => {
    const client = bed.client({ environment: goodKey, budget: { maxCalls: 2, maxCostUsd: null } });
    await client.call({ role: "generator", kind: "score", messages: messages(1) });
    await client.call({ role: "generator", kind: "score", messages: messages(2) });
    await expect(
      client.call({ role: "generator", kind: "score", messages: messages(3) }),
    ).rejects.toThrow(/^budget reached: 2 of 2 calls$/);
    // A cached answer costs nothing, so it is still served.
    expect(
      await client.call({ role: "generator", kind: "score", messages: messages(1) }),
    ).toMatchObject({ ok: true, cached: true });
    expect((await fake.stats()).chatRequests).toBe(2);
    expect(bed.db.select().from(llmCalls).all()).toHaveLength(2);
  });

  it("stops at the cost budget, counting what the run spent in an earlier process", async () => {
    const dear = { pricePerMillionInput: 1_000_000, pricePerMillionOutput: 0 };
    const budget = { maxCostUsd: 5, maxCalls: null };
    const run = bed.db
      .insert(runs)
      .values({ projectId: bed.projectId, config: {}, configHash: "x" })
      .returning({ id: runs.id })
      .get();
    const first = bed.client({ environment: goodKey, budget, runId: run.id, generator: dear });
    await first.call({ role: "generator", kind: "score", messages: messages(1) });
    first.close();
    const resumed = bed.client({ environment: goodKey, budget, runId: run.id, generator: dear });
    const spent = resumed.usage().total.costUsd;
    expect(spent).toBeGreaterThanOrEqual(5);
    const error = await resumed
      .call({ role: "generator", kind: "score", messages: messages(2) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmBudgetError);
    expect((error as Error).message).toBe(`budget reached: $${spent.toFixed(4)} of $5`);
    expect((await fake.stats()).chatRequests).toBe(1);
  });

  it("keeps requests in flight per endpoint at or below the role's concurrency", async () => {
    await fake.script([{ fault: "hang", hangMs: 30 }]);
    const client = bed.client({ environment: goodKey, generator: { concurrency: 3 } });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client.call({ role: "generator", kind: "score", messages: messages(i) }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const stats = await fake.stats();
    expect(stats.maxInFlight).toBeLessThanOrEqual(3);
    expect(stats.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(stats.completions).toBe(12);
  });

  it("names the role and the settings to fix when no base URL is configured", async () => {
    const client = bed.client({ environment: goodKey, judge: { baseUrl: undefined } });
    await expect(
      client.call({ role: "judge", kind: "score", messages: messages(1) }),
    ).rejects.toThrow(LlmConfigError);
    await expect(
      client.call({ role: "judge", kind: "score", messages: messages(1) }),
    ).rejects.toThrow(/No endpoint for the judge: .*AUTOIF_JUDGE_BASE_URL or OPENAI_BASE_URL/);
  });
});
