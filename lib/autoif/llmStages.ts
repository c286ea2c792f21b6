/** The pipeline stages that call an LLM; each of them can run offline through batch files. */
export const LLM_STAGES = ["augment", "verify-gen", "back-translate", "respond", "score"] as const;
export type LlmStage = (typeof LLM_STAGES)[number];

/** How an offline stage's progress status begins while its units wait for batch answers. */
export const BATCH_WAITING_STATUS = "waiting for offline batch answers";
