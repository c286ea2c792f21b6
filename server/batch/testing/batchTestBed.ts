import "server-only";
import type { Db } from "@/db/client";
import { respondPrompt } from "@/lib/autoif/prompts";
import { createRun, getRun } from "../../pipeline/runs";
import { addProject, smallConfig } from "../../pipeline/testing/pipelineTestBed";
import { createBatchCaller } from "../batchCaller";
import { batchFileText, batchStatus, createBatchJob, type BatchLimits } from "../batchJobs";

/** The respond request of query `i` (a distinct request per i), as a stage asks for it. */
export const respondRequest = (i: number, tag = "q") => ({
  role: "generator" as const,
  kind: "respond",
  messages: respondPrompt(
    `Query ${tag} ${i}: how do tides work, in a few sentences?`,
    "Answer in all lowercase letters.",
  ),
  sampleIndex: 0,
});

/**
 * A project with a run whose respond stage deferred `n` requests into a batch job of files of at
 * most `limits.maxLines` lines: the files' input texts and the caller, as a test starts from.
 */
export async function projectWithBatch(
  db: Db,
  n: number,
  limits: BatchLimits = {},
  tag = "q",
  baseUrl = "http://127.0.0.1:9/v1",
) {
  const projectId = addProject(db, smallConfig(baseUrl), 2);
  const run = getRun(db, createRun(db, { projectId }).id);
  const caller = createBatchCaller({
    db,
    projectId,
    runId: run.id,
    roles: run.config.llm,
    budget: run.config.budget,
  });
  for (let i = 0; i < n; i++) await caller.call(respondRequest(i, tag)).catch(() => undefined);
  const jobId = createBatchJob(db, {
    runId: run.id,
    stage: "respond",
    requests: caller.deferred(),
    limits,
  });
  const files =
    jobId === null
      ? []
      : batchStatus(db, run.id)[0]!.files.map((f) => ({
          name: f.name,
          text: batchFileText(db, jobId, f.name),
        }));
  return { projectId, runId: run.id, jobId, files, config: run.config };
}
