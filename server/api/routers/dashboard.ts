import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { projectHistograms, runRoleUsage } from "../../services/dashboard";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  histograms: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return projectHistograms(ctx.db, input.projectId);
  }),
  usage: publicProcedure.input(z.object({ runId: idSchema })).query(({ ctx, input }) => runRoleUsage(ctx.db, input.runId)),
});
