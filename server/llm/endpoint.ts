import "server-only";
import OpenAI from "openai";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { env, secretFromEnv } from "../env.mjs";
import { cappedFetch } from "./cappedFetch";
import { LlmConfigError } from "./errors";

export type LlmRole = "generator" | "judge";
export type LlmRoleConfig = PipelineConfig["llm"]["generator"];

/** Where and how one role is called; `apiKey` stays in memory and is never stored or logged. */
export interface RoleEndpoint extends Omit<LlmRoleConfig, "baseUrl" | "apiKeyEnv"> {
  role: LlmRole;
  baseUrl: string;
  apiKey?: string;
  /** The variable(s) the key came from or would come from, for error messages. */
  apiKeySource: string;
}

/** The environment a role is resolved against; tests pass their own. */
export interface LlmEnvironment {
  values: Partial<
    Record<
      | "OPENAI_BASE_URL"
      | "OPENAI_API_KEY"
      | `AUTOIF_${"GENERATOR" | "JUDGE"}_${"BASE_URL" | "API_KEY"}`,
      string
    >
  >;
  secret: (name: string) => string | undefined;
}

const processEnvironment = (): LlmEnvironment => ({ values: env(), secret: secretFromEnv });

/** Placeholder sent to endpoints without a key (local servers); the SDK insists on some value. */
export const NO_KEY = "no-key";

/**
 * Resolves a role's endpoint: base URL from the settings, else AUTOIF_<ROLE>_BASE_URL, else
 * OPENAI_BASE_URL; key from the variable the settings name, else AUTOIF_<ROLE>_API_KEY, else
 * OPENAI_API_KEY, else none. A named key variable that is unset is an error rather than a silent
 * fall-back, so a key meant for one endpoint is never sent to another by accident.
 */
export function resolveRoleEndpoint(
  role: LlmRole,
  config: LlmRoleConfig,
  environment: LlmEnvironment = processEnvironment(),
): RoleEndpoint {
  const prefix = `AUTOIF_${role.toUpperCase() as "GENERATOR" | "JUDGE"}` as const;
  const baseUrl =
    config.baseUrl ??
    environment.values[`${prefix}_BASE_URL`] ??
    environment.values.OPENAI_BASE_URL;
  if (!baseUrl) {
    throw new LlmConfigError(
      `No endpoint for the ${role}: set its base URL in the project's LLM settings, or ${prefix}_BASE_URL or OPENAI_BASE_URL in the server's environment.`,
      [
        {
          field: `llm.${role}.baseUrl`,
          message: `Set a base URL, or ${prefix}_BASE_URL / OPENAI_BASE_URL.`,
        },
      ],
    );
  }
  let apiKey: string | undefined;
  let apiKeySource: string;
  if (config.apiKeyEnv) {
    apiKey = environment.secret(config.apiKeyEnv);
    apiKeySource = config.apiKeyEnv;
    if (!apiKey) {
      throw new LlmConfigError(
        `The ${role}'s settings take its API key from ${config.apiKeyEnv}, which is not set in the server's environment.`,
        [
          {
            field: `llm.${role}.apiKeyEnv`,
            message: `${config.apiKeyEnv} is not set on the server.`,
          },
        ],
      );
    }
  } else {
    apiKey = environment.values[`${prefix}_API_KEY`] ?? environment.values.OPENAI_API_KEY;
    apiKeySource = environment.values[`${prefix}_API_KEY`]
      ? `${prefix}_API_KEY`
      : `${prefix}_API_KEY or OPENAI_API_KEY`;
  }
  const { baseUrl: _b, apiKeyEnv: _k, ...sampling } = config;
  return { ...sampling, role, baseUrl: baseUrl.replace(/\/+$/, ""), apiKey, apiKeySource };
}

/** An SDK client for one endpoint with the SDK's own retries off (attempts are counted by us). */
export function createSdk(
  endpoint: RoleEndpoint,
  options: { fetch?: typeof fetch; maxResponseBytes?: number; timeoutMs?: number },
): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: endpoint.apiKey ?? NO_KEY,
    maxRetries: 0,
    timeout: options.timeoutMs ?? endpoint.timeoutMs,
    fetch: cappedFetch(options.fetch ?? globalThis.fetch, options.maxResponseBytes),
  });
}
