import "server-only";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { createSdk, type RoleEndpoint } from "./endpoint";
import { causeText } from "./sendChat";

export type ConnectionReport =
  | { ok: true; models: string[]; latencyMs: number; modelFound: boolean; warning?: string }
  | { ok: false; error: string };

/**
 * Lists `/models` at a role's endpoint to tell a user, before a run, whether it is reachable, takes
 * the key and serves the configured model. An unlisted model is a warning, not a failure: some
 * gateways serve models (aliases, fine-tunes) that their list leaves out.
 */
export async function testConnection(
  endpoint: RoleEndpoint,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<ConnectionReport> {
  const timeoutMs = options.timeoutMs ?? Math.min(endpoint.timeoutMs, 15_000);
  const sdk = createSdk(endpoint, { fetch: options.fetch, timeoutMs });
  const started = performance.now();
  try {
    const page = await sdk.models.list();
    const models = page.data.map((m) => m.id);
    const latencyMs = Math.round(performance.now() - started);
    const modelFound = models.includes(endpoint.model);
    if (modelFound) return { ok: true, models, latencyMs, modelFound };
    const warning = `unknown model: "${endpoint.model}" is not among the ${models.length} models ${endpoint.baseUrl} lists${models.length ? ` (${models.slice(0, 5).join(", ")}${models.length > 5 ? ", ..." : ""})` : ""}`;
    return { ok: true, models, latencyMs, modelFound, warning };
  } catch (error) {
    return { ok: false, error: describe(error, endpoint, timeoutMs) };
  }
}

function describe(error: unknown, endpoint: RoleEndpoint, timeoutMs: number): string {
  const where = endpoint.baseUrl;
  if (error instanceof APIConnectionTimeoutError)
    return `timed out: ${where} did not answer within ${timeoutMs} ms`;
  if (error instanceof APIError && error.status !== undefined) {
    if (error.status === 401 || error.status === 403) {
      return `${error.status} ${error.status === 401 ? "unauthorized" : "forbidden"}: ${where} refused the API key; check ${endpoint.apiKeySource} in the server's environment`;
    }
    if (error.status === 404)
      return `404 at ${where}/models: is the base URL right? OpenAI-compatible servers usually end it in /v1`;
    return `${where} answered ${error.message}`;
  }
  if (error instanceof APIConnectionError) {
    const cause = causeText(error.cause ?? error);
    if (/ECONNREFUSED/.test(cause))
      return `unreachable: connection refused at ${where} (is the server running?)`;
    if (/ENOTFOUND|EAI_AGAIN/.test(cause))
      return `unreachable: host ${new URL(where).hostname} not found (DNS)`;
    return `unreachable: ${where}: ${cause}`;
  }
  return `unexpected error: ${causeText(error)}`;
}
