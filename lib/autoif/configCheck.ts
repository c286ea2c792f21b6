import { issueMessage } from "../schemas/issueMessage";
import { pipelineConfigSchema, type PipelineConfig } from "../schemas/pipelineConfig";

export type ConfigCheck =
  | { ok: true; config: PipelineConfig }
  | { ok: false; problems: Array<{ field: string; message: string }> };

/**
 * Validates a whole pipeline configuration (a project's stored one, a form's, replay thresholds):
 * the config with defaults filled in, or one problem per bad knob, named by its dotted path and
 * said in plain words.
 */
export function checkPipelineConfig(config: unknown): ConfigCheck {
  const parsed = pipelineConfigSchema.safeParse(config);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({
      field: i.path.map(String).join("."),
      message: issueMessage(i),
    })),
  };
}
