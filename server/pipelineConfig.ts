import "server-only";
import { checkPipelineConfig } from "@/lib/autoif/configCheck";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { InvalidInputError } from "./errors";

/** The validated configuration, or an invalid-input error with `message` and a problem per bad knob. */
export function validPipelineConfig(config: unknown, message: string): PipelineConfig {
  const checked = checkPipelineConfig(config);
  if (!checked.ok) throw new InvalidInputError(message, checked.problems);
  return checked.config;
}
