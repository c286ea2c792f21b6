import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { llmCalls } from "@/db/schema";
import { startFakeLlmProcess, type FakeLlmProcess, type FaultRule } from "./testing/fakeLlmProcess";
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

const messages = prompt("score", "Query: <<<\nWhy is the sky blue?\n>>>");
const row = (id: number) => bed.db.select().from(llmCalls).where(eq(llmCalls.id, id)).get();

describe("llm client retries", () => {
  it("retries a 500 and succeeds on the next attempt", async () => {
    await fake.script([{ fault: "500", times: 1 }]);
    const result = await bed.client().call({ role: "generator", kind: "score", messages });
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect((await fake.stats()).byOutcome).toEqual({ "500": 1, ok: 1 });
  });

  it("gives up on a 429 storm after maxAttempts, honouring Retry-After between attempts", async () => {
    await fake.script([{ fault: "429", retryAfterSeconds: 0.05 }]);
    const logs: string[] = [];
    const result = await bed
      .client({ log: (m) => logs.push(m), generator: { maxAttempts: 3 } })
      .call({ role: "generator", kind: "score", messages });
    expect(result).toMatchObject({ ok: false, attempts: 3 });
    expect(!result.ok && result.error).toMatch(/^429 .*gave up after 3 attempts/);
    expect((await fake.stats()).chatRequests).toBe(3);
    // The wait came from the header (50 ms), not from the 5 ms backoff.
    expect(logs).toEqual([
      expect.stringMatching(/retrying in 50 ms/),
      expect.stringMatching(/retrying in 50 ms/),
    ]);
    expect(row(result.callId)).toMatchObject({ status: "failed", response: { attempts: 3 } });
  });

  it("times out a hanging request, retries it, then records it failed", async () => {
    await fake.script([{ fault: "hang" }]);
    const result = await bed
      .client({ generator: { timeoutMs: 150, maxAttempts: 2 } })
      .call({ role: "generator", kind: "score", messages });
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(!result.ok && result.error).toMatch(/timed out after 150 ms.*2 attempts/);
    expect((await fake.stats()).chatRequests).toBe(2);
  });

  it("records a closed connection as failed instead of crashing, and counts every call once", async () => {
    await fake.script([{ kind: "score", fault: "close-connection" }]);
    const client = bed.client({ generator: { maxAttempts: 2 } });
    const nli = prompt(
      "nli-judge",
      "Original: <<<\nUse no commas.\n>>>\n\nBack-translation: <<<\nDo not use commas.\n>>>",
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client.call({
          role: "generator",
          kind: "x",
          messages: i % 2 ? messages : nli,
          sampleIndex: i,
        }),
      ),
    );
    const failed = results.filter((r) => !r.ok);
    expect(failed).toHaveLength(3);
    for (const f of failed)
      expect(!f.ok && f.error).toMatch(/connection failed: .*gave up after 2 attempts/);
    const rows = bed.db.select().from(llmCalls).all();
    expect(rows.filter((r) => r.status === "completed")).toHaveLength(3);
    expect(rows.filter((r) => r.status === "failed")).toHaveLength(3);
    expect(client.usage().generator).toMatchObject({ calls: 6, failedCalls: 3 });
    expect((await fake.stats()).byOutcome).toEqual({ ok: 3, "close-connection": 6 });
  });

  it("records a failure when the endpoint has gone away", async () => {
    const gone = await startFakeLlmProcess();
    await gone.stop();
    const client = createLlmTestBed(gone.url).client({ generator: { maxAttempts: 2 } });
    const result = await client.call({ role: "generator", kind: "score", messages });
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(!result.ok && result.error).toMatch(/connection failed: .*ECONNREFUSED/);
  });
});

describe("llm client failures as data", () => {
  const cases: Array<{ fault: FaultRule["fault"]; error: RegExp; attempts: number }> = [
    {
      fault: "malformed-json",
      error: /malformed JSON in the response body.*gave up after 2/,
      attempts: 2,
    },
    {
      fault: "error-body",
      error: /answered 200 with an error: fake LLM: the model failed.*gave up after 2/,
      attempts: 2,
    },
    { fault: "length", error: /^truncated: the model hit max_tokens$/, attempts: 1 },
    { fault: "empty", error: /^empty content in the response$/, attempts: 1 },
    // A well-formed 2 MB completion is over the 1 MiB cap: refused unread, not stored, not retried.
    {
      fault: "big-body",
      error: /^response body larger than 1024 KiB; refused to read more$/,
      attempts: 1,
    },
    {
      fault: "invalid-utf8",
      error: /^the response body is not valid UTF-8 \(gave up after 2 attempts\)$/,
      attempts: 2,
    },
  ];
  for (const c of cases) {
    it(`records "${c.fault}" as a failed call with its error text after ${c.attempts} attempt(s)`, async () => {
      await fake.script([{ fault: c.fault }]);
      const result = await bed
        .client({ generator: { maxAttempts: 2 } })
        .call({ role: "generator", kind: "score", messages });
      expect(result).toMatchObject({ ok: false, attempts: c.attempts });
      expect(!result.ok && result.error).toMatch(c.error);
      expect((await fake.stats()).chatRequests).toBe(c.attempts);
      const stored = row(result.callId);
      expect(stored?.status).toBe("failed");
      expect(stored?.error).toMatch(c.error);
    });
  }

  it("keeps the raw text of a body that is not UTF-8, with the bad bytes visible as U+FFFD", async () => {
    await fake.script([{ fault: "invalid-utf8" }]);
    const result = await bed
      .client({ generator: { maxAttempts: 1 } })
      .call({ role: "generator", kind: "score", messages });
    expect(!result.ok && result.raw).toContain("Bad bytes: \uFFFD(\uFFFD end.");
  });

  it("times out a body that stalls half-way, like a hang, and records the call failed", async () => {
    await fake.script([{ fault: "stall-body" }]);
    const result = await bed
      .client({ generator: { timeoutMs: 200, maxAttempts: 2 } })
      .call({ role: "generator", kind: "score", messages });
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(!result.ok && result.error).toMatch(
      /^timed out after 200 ms \(gave up after 2 attempts\)$/,
    );
    // Counted on arrival: the outcome of the second is only counted once the server sees the client leave.
    expect((await fake.stats()).chatRequests).toBe(2);
    expect(row(result.callId)).toMatchObject({ status: "failed" });
  });

  it("keeps the truncated text as raw and still charges its tokens", async () => {
    await fake.script([{ fault: "length" }]);
    const respond = prompt(
      "respond",
      "Query: <<<\nHow do tides work?\n>>>\n\nInstruction: <<<\nAnswer with at least 80 words.\n>>>",
    );
    const result = await bed
      .client()
      .call({ role: "generator", kind: "respond", messages: respond });
    expect(!result.ok && result.raw?.length).toBeGreaterThan(50);
    expect(row(result.callId)?.tokensOut).toBe(512);
  });

  it("fails clearly when the body is larger than the cap, without retrying", async () => {
    const result = await bed
      .client({ maxResponseBytes: 64 })
      .call({ role: "generator", kind: "score", messages });
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(!result.ok && result.error).toMatch(/response body larger than 0 KiB/);
  });
});
