import type { Db } from "@/db/client";
import type { ChatMessage } from "@/lib/autoif/prompts";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import type { VerifierPool } from "../sandbox/pool";

export const STAGES = [
  "augment",
  "verify-gen",
  "cross-validate",
  "back-translate",
  "compose",
  "pair-queries",
  "respond",
  "execute",
  "score",
  "pairs",
] as const;
export type StageName = (typeof STAGES)[number];

/** The answer to one LLM request: content, or why there is none (raw text kept where there was some). */
export type LlmCallResult =
  | { ok: true; callId: number; content: string; cached: boolean }
  | { ok: false; callId: number; error: string; raw?: string };

/** What the stages need of the LLM layer; a call that cannot continue at all (bad key, budget) throws. */
export interface LlmCaller {
  call(request: {
    role: "generator" | "judge";
    kind: string;
    messages: ChatMessage[];
    sampleIndex?: number;
  }): Promise<LlmCallResult>;
}

/** Progress of one stage: how many units exist, are done, failed. */
export interface StageProgress {
  setTotal(total: number): void;
  unitDone(unitKey?: string): void;
  unitFailed(unitKey: string, error: string, raw?: string, llmCallId?: number): void;
  /** What the stage is doing now, in a few words the Runs page shows ("running 22 functions on 61 cases"). */
  status(text: string): void;
}

export interface StageContext {
  db: Db;
  runId: number;
  projectId: number;
  config: PipelineConfig;
  llm: LlmCaller;
  pool: VerifierPool;
  progress: StageProgress;
  /** Aborted when the run is asked to stop; stages stop taking new units. */
  signal: AbortSignal;
}
