import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { projectHistograms } from "../../services/dashboard";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const dashboardRouter = createTRPCRouter({
  histograms: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return projectHistograms(ctx.db, input.projectId);
  }),
});
