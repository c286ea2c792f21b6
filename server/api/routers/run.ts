import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { runUsage } from "../../llm/callStore";
import { projectFunnel } from "../../pipeline/funnel";
import { applyReplay, previewReplay, reconcileReplay } from "../../pipeline/replay";
import {
  createRun,
  getRun,
  listRuns,
  requestResume,
  requestStop,
  runProgress,
} from "../../pipeline/runs";
import { STAGES } from "../../pipeline/types";
import { LLM_STAGES } from "../../batch/batchJobs";
import { getProject } from "../../services/projects";
import { compareRuns, runOverview } from "../../services/runOverview";
import { createTRPCRouter, publicProcedure } from "../trpc";

const stageSchema = z.enum(STAGES as unknown as [string, ...string[]]);

export const runRouter = createTRPCRouter({
  list: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return listRuns(ctx.db, input.projectId);
  }),
  /** The runs table and the shown run's ten stages in one answer: one source of truth for the page. */
  overview: publicProcedure
    .input(z.object({ projectId: idSchema, runId: idSchema.nullable() }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return runOverview(ctx.db, input.projectId, input.runId);
    }),
  /** Two runs side by side: funnels and histograms at their end, and the config knobs that differ. */
  compare: publicProcedure
    .input(z.object({ projectId: idSchema, a: idSchema, b: idSchema }))
    .query(({ ctx, input }) => compareRuns(ctx.db, input.projectId, input.a, input.b)),
  byId: publicProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => {
    const run = getRun(ctx.db, input.id);
    return { ...run, ...runProgress(ctx.db, input.id) };
  }),
  /** Calls, tokens and cost per role of one run, from its LLM call log. */
  usage: publicProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => {
    const run = getRun(ctx.db, input.id);
    return runUsage(ctx.db, run.projectId, run.id);
  }),
  funnel: publicProcedure
    .input(z.object({ projectId: idSchema }))
    .query(({ ctx, input }) => projectFunnel(ctx.db, input.projectId)),
  start: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        from: stageSchema.optional(),
        to: stageSchema.optional(),
        batchStages: z.array(z.enum(LLM_STAGES)).max(LLM_STAGES.length).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createRun(ctx.db, {
        projectId: input.projectId,
        from: input.from as (typeof STAGES)[number] | undefined,
        to: input.to as (typeof STAGES)[number] | undefined,
        batchStages: input.batchStages,
      }),
    ),
  /** The counts every stage would keep at these thresholds, from stored results: no LLM call, nothing written. */
  replayPreview: publicProcedure
    .input(z.object({ projectId: idSchema, config: z.unknown() }))
    .query(({ ctx, input }) => {
      const summary = previewReplay(ctx.db, input.projectId, input.config);
      return { ...summary, reconcile: reconcileReplay(ctx.db, input.projectId, summary) };
    }),
  replayApply: publicProcedure
    .input(z.object({ projectId: idSchema, config: z.unknown() }))
    .mutation(({ ctx, input }) => applyReplay(ctx.db, input.projectId, input.config)),
  stop: publicProcedure
    .input(z.object({ id: idSchema }))
    .mutation(({ ctx, input }) => requestStop(ctx.db, input.id)),
  resume: publicProcedure
    .input(z.object({ id: idSchema }))
    .mutation(({ ctx, input }) => requestResume(ctx.db, input.id)),
});
