import "server-only";
import { ConflictError, InvalidInputError, UpstreamError } from "../errors";

/** A role cannot be called as configured: no base URL, or a named key variable that is not set. */
export class LlmConfigError extends InvalidInputError {}

/** The endpoint refused the key (401, 402 or 403); a client that saw one refuses every later call. */
export class LlmAuthError extends UpstreamError {}

/** The run's budget (cost or calls) is used up; no request was sent. */
export class LlmBudgetError extends ConflictError {}

/**
 * A call of a stage that runs offline had no answer in the call log: the request is kept for the
 * stage's batch file instead of being sent. Not a failure: the unit waits for the batch output.
 */
export class LlmDeferredError extends Error {
  override name = "LlmDeferredError";
}
