import { describe, expect, it } from "vitest";
import { NO_KEY, resolveRoleEndpoint, type LlmEnvironment } from "./endpoint";
import { LlmConfigError } from "./errors";
import { testRole } from "./testing/llmTestBed";

const environment = (
  values: LlmEnvironment["values"],
  secrets: Record<string, string> = {},
): LlmEnvironment => ({ values, secret: (name) => secrets[name] });

describe("resolveRoleEndpoint", () => {
  it("prefers the settings' base URL, then AUTOIF_<ROLE>_BASE_URL, then OPENAI_BASE_URL", () => {
    const env = environment({
      AUTOIF_JUDGE_BASE_URL: "http://judge/v1",
      OPENAI_BASE_URL: "http://openai/v1/",
    });
    expect(resolveRoleEndpoint("judge", testRole("http://mine/v1"), env).baseUrl).toBe(
      "http://mine/v1",
    );
    expect(resolveRoleEndpoint("judge", testRole("x", { baseUrl: undefined }), env).baseUrl).toBe(
      "http://judge/v1",
    );
    expect(
      resolveRoleEndpoint("generator", testRole("x", { baseUrl: undefined }), env).baseUrl,
    ).toBe("http://openai/v1");
  });

  it("takes the key from the named variable, then the role's variable, then OPENAI_API_KEY", () => {
    const env = environment(
      { AUTOIF_GENERATOR_API_KEY: "gen", OPENAI_API_KEY: "open" },
      { MY_KEY: "mine" },
    );
    expect(
      resolveRoleEndpoint("generator", testRole("http://a/v1", { apiKeyEnv: "MY_KEY" }), env),
    ).toMatchObject({ apiKey: "mine", apiKeySource: "MY_KEY" });
    expect(resolveRoleEndpoint("generator", testRole("http://a/v1"), env)).toMatchObject({
      apiKey: "gen",
      apiKeySource: "AUTOIF_GENERATOR_API_KEY",
    });
    expect(resolveRoleEndpoint("judge", testRole("http://a/v1"), env)).toMatchObject({
      apiKey: "open",
    });
  });

  it("leaves the key empty for a local server without one (the SDK then sends a placeholder)", () => {
    const endpoint = resolveRoleEndpoint(
      "judge",
      testRole("http://127.0.0.1:8000/v1"),
      environment({}),
    );
    expect(endpoint.apiKey).toBeUndefined();
    expect(NO_KEY).toBe("no-key");
  });

  it("refuses a named key variable that is not set rather than sending another key", () => {
    const env = environment({ OPENAI_API_KEY: "open" });
    expect(() =>
      resolveRoleEndpoint("judge", testRole("http://a/v1", { apiKeyEnv: "JUDGE_KEY" }), env),
    ).toThrow(/judge's settings take its API key from JUDGE_KEY, which is not set/);
  });

  it("names the role and the variables to set when there is no base URL", () => {
    const call = () =>
      resolveRoleEndpoint("generator", testRole("x", { baseUrl: undefined }), environment({}));
    expect(call).toThrow(LlmConfigError);
    expect(call).toThrow(
      /generator: set its base URL in the project's LLM settings, or AUTOIF_GENERATOR_BASE_URL or OPENAI_BASE_URL/,
    );
  });
});
