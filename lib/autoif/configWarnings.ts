import type { PipelineConfig } from "../schemas/pipelineConfig";

/** A setting that contradicts another: every item would be dropped, or no pair could form. */
export interface ConfigWarning {
  /** Dotted path of the knob to change, e.g. "verifyGen.functionsPerInstruction". */
  field: string;
  message: string;
}

/**
 * Knobs that each pass the schema but together drop everything, found before a run spends a
 * call. Shared by the Settings page and `npm run autoif -- run`, so both warn alike.
 */
export function configWarnings(config: PipelineConfig): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  const k = config.verifyGen.functionsPerInstruction;
  const cv = config.crossValidate;
  if (k < cv.minFunctions) {
    out.push({
      field: "verifyGen.functionsPerInstruction",
      message: `K = ${k} verifier(s) per instruction is below the minimum of ${cv.minFunctions} distinct compiled functions (crossValidate.minFunctions): cross-validation will drop every instruction.`,
    });
  } else if (k < cv.minKeptFunctions) {
    out.push({
      field: "verifyGen.functionsPerInstruction",
      message: `K = ${k} verifier(s) per instruction is below the ${cv.minKeptFunctions} functions that must be kept (crossValidate.minKeptFunctions): cross-validation will drop every instruction.`,
    });
  }
  const maxCases = k * config.verifyGen.casesPerCall;
  if (maxCases < cv.minCases) {
    out.push({
      field: "verifyGen.casesPerCall",
      message: `${k} call(s) x ${config.verifyGen.casesPerCall} test case(s) give at most ${maxCases} cases, below the minimum of ${cv.minCases} (crossValidate.minCases): cross-validation will drop every instruction.`,
    });
  } else if (maxCases < cv.minKeptCases) {
    out.push({
      field: "verifyGen.casesPerCall",
      message: `${k} call(s) x ${config.verifyGen.casesPerCall} test case(s) give at most ${maxCases} cases, below the ${cv.minKeptCases} that must be kept (crossValidate.minKeptCases): cross-validation will drop every instruction.`,
    });
  }
  const never = (field: string, what: string) =>
    out.push({ field, message: `${what} can never pass: every item of that step is dropped.` });
  if (cv.caseAccuracyComparison === "gt" && cv.caseAccuracyThreshold >= 1)
    never("crossValidate.caseAccuracyThreshold", "Case agreement > 1");
  if (cv.functionAccuracyComparison === "gt" && cv.functionAccuracyThreshold >= 1)
    never("crossValidate.functionAccuracyThreshold", "Function accuracy > 1");
  if (config.execute.sftPassRateComparison === "gt" && config.execute.sftPassRateThreshold >= 1)
    never("execute.sftPassRateThreshold", "SFT pass rate > 1");
  if (config.score.comparison === "gt" && config.score.threshold >= 10)
    never("score.threshold", "Judge score > 10");
  if (config.pairs.chosenComparison === "gt" && config.pairs.chosenPassRate >= 1)
    never("pairs.chosenPassRate", "Chosen pass rate > 1");
  if (config.respond.responsesPerSample < 2) {
    out.push({
      field: "respond.responsesPerSample",
      message: `${config.respond.responsesPerSample} response per sample cannot give a chosen and a rejected response of the same sample: no DPO pair will form.`,
    });
  }
  return out;
}
