import type { Comparison } from "../schemas/pipelineConfig";

/** True when `value` passes `threshold` under the comparison ("gt": value > t, "gte": value >= t). */
export function passes(value: number, threshold: number, comparison: Comparison): boolean {
  return comparison === "gt" ? value > threshold : value >= threshold;
}
