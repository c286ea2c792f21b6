import type { PipelineConfig } from "../schemas/pipelineConfig";
import type { VerifierLimits } from "../verifier/limits";

/** The sandbox limits a project's config sets for every verifier call, wherever it runs. */
export function sandboxLimits(config: PipelineConfig): Partial<VerifierLimits> {
  return {
    deadlineMs: config.sandbox.deadlineMs,
    memoryBytes: config.sandbox.memoryLimitMb * 1024 * 1024,
    stackBytes: config.sandbox.stackLimitKb * 1024,
  };
}
