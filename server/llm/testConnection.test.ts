import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveRoleEndpoint, type LlmEnvironment } from "./endpoint";
import { testConnection } from "./testConnection";
import { startFakeLlmProcess, type FakeLlmProcess } from "./testing/fakeLlmProcess";
import { testRole } from "./testing/llmTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--api-key", "right-key"]);
});
afterAll(() => fake.stop());

const keyed = (key?: string): LlmEnvironment => ({
  values: key ? { OPENAI_API_KEY: key } : {},
  secret: () => undefined,
});

describe("testConnection", () => {
  it("lists the models and finds the configured one", async () => {
    const report = await testConnection(
      resolveRoleEndpoint("generator", testRole(fake.url), keyed("right-key")),
    );
    expect(report).toMatchObject({
      ok: true,
      models: ["fake-model", "fake-judge"],
      modelFound: true,
    });
  });

  it("reports an unknown model with the models the endpoint does list", async () => {
    const report = await testConnection(
      resolveRoleEndpoint("judge", testRole(fake.url, { model: "gpt-nope" }), keyed("right-key")),
    );
    expect(report).toMatchObject({
      ok: true,
      modelFound: false,
      warning: expect.stringMatching(
        /^unknown model: "gpt-nope" is not among the 2 models .*fake-model, fake-judge/,
      ),
    });
  });

  it("reports a refused key as 401 and names the variable to check", async () => {
    const report = await testConnection(
      resolveRoleEndpoint("generator", testRole(fake.url), keyed("wrong")),
    );
    expect(report).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^401 unauthorized: .* refused the API key; check AUTOIF_GENERATOR_API_KEY or OPENAI_API_KEY/,
      ),
    });
  });

  it("reports a refused connection as unreachable", async () => {
    const gone = await startFakeLlmProcess();
    await gone.stop();
    const report = await testConnection(
      resolveRoleEndpoint("generator", testRole(gone.url), keyed()),
    );
    expect(report).toEqual({
      ok: false,
      error: `unreachable: connection refused at ${gone.url} (is the server running?)`,
    });
  });

  it("reports an unknown host as a DNS failure", async () => {
    const report = await testConnection(
      resolveRoleEndpoint("generator", testRole("http://no-such-host.invalid/v1"), keyed()),
    );
    expect(report).toEqual({
      ok: false,
      error: "unreachable: host no-such-host.invalid not found (DNS)",
    });
  });

  it("reports a server that never answers as a time-out", async () => {
    const { createServer } = await import("node:net");
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    try {
      const report = await testConnection(
        resolveRoleEndpoint("generator", testRole(`http://127.0.0.1:${port}/v1`), keyed()),
        { timeoutMs: 150 },
      );
      expect(report).toEqual({
        ok: false,
        error: `timed out: http://127.0.0.1:${port}/v1 did not answer within 150 ms`,
      });
    } finally {
      silent.close();
    }
  });
});
