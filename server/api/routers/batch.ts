import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { fetchBatchResults, submitBatchJob } from "../../batch/batchApi";
import { batchStatus } from "../../batch/batchJobs";
import { importBatchOutput } from "../../batch/importBatch";
import { InvalidInputError } from "../../errors";
import { getRun } from "../../pipeline/runs";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

function runOfProject(db: Parameters<typeof getRun>[0], projectId: number, runId: number) {
  getProject(db, projectId);
  const run = getRun(db, runId);
  if (run.projectId !== projectId)
    throw new InvalidInputError(`Run #${runId} is not a run of this project.`);
  return run;
}

/** Offline batches of a run: which stage waits on which files, imports of their output, and a Batch API. */
export const batchRouter = createTRPCRouter({
  status: publicProcedure
    .input(z.object({ projectId: idSchema, runId: idSchema }))
    .query(({ ctx, input }) => {
      const run = runOfProject(ctx.db, input.projectId, input.runId);
      return {
        runId: run.id,
        state: run.state,
        batchStages: run.batchStages ?? [],
        jobs: batchStatus(ctx.db, run.id),
      };
    }),
  /** Output (and error) files as the page read them; a report either way, nothing half-way. */
  import: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        files: z
          .array(z.object({ name: z.string().max(500), text: z.string() }))
          .min(1)
          .max(50),
        allowMissing: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return importBatchOutput(ctx.db, input.projectId, input.files, {
        allowMissing: input.allowMissing,
      });
    }),
  submit: publicProcedure
    .input(z.object({ projectId: idSchema, runId: idSchema }))
    .mutation(async ({ ctx, input }) => {
      runOfProject(ctx.db, input.projectId, input.runId);
      return submitBatchJob(ctx.db, input.runId);
    }),
  fetch: publicProcedure
    .input(z.object({ projectId: idSchema, runId: idSchema }))
    .mutation(async ({ ctx, input }) => {
      runOfProject(ctx.db, input.projectId, input.runId);
      return fetchBatchResults(ctx.db, input.runId);
    }),
});
