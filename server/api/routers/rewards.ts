import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { rewardRequestSummary } from "../../rewards/rewardHttp";
import { getProject } from "../../services/projects";
import { splitSummary } from "../../services/splits";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const rewardsRouter = createTRPCRouter({
  /** The reward server's request log for the Export page's panel (counts only) and the split it refuses by. */
  summary: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    const split = splitSummary(ctx.db, input.projectId);
    return {
      ...rewardRequestSummary(ctx.db, input.projectId),
      split: split.split
        ? {
            seed: split.split.seed,
            testFraction: split.split.testFraction,
            instructions: split.instructions,
          }
        : null,
    };
  }),
});
