import "server-only";

export {
  createLlmClient,
  type LlmCallRequest,
  type LlmCallResult,
  type LlmClient,
  type LlmClientOptions,
  type LlmUsage,
} from "./client";
export {
  resolveRoleEndpoint,
  type LlmEnvironment,
  type LlmRole,
  type LlmRoleConfig,
  type RoleEndpoint,
} from "./endpoint";
export { LlmAuthError, LlmBudgetError, LlmConfigError, LlmDeferredError } from "./errors";
export { testConnection, type ConnectionReport } from "./testConnection";
export type { RoleUsage, StoredLlmFailure, StoredLlmResponse } from "./callStore";
export type { RetryPolicy } from "./retryPolicy";
