import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { pairFilterSchema } from "@/lib/schemas/reviewFilters";
import { reviewerSchema } from "@/lib/schemas/reviewer";
import { countPairs, listPairs, swapPair } from "../../services/pairList";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const pairRouter = createTRPCRouter({
  count: publicProcedure
    .input(z.object({ projectId: idSchema, filter: pairFilterSchema }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return countPairs(ctx.db, input.projectId, input.filter);
    }),
  page: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        filter: pairFilterSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return listPairs(ctx.db, input.projectId, input.filter, input.offset, input.limit);
    }),
  /** Exchange chosen and rejected; recorded as the reviewer's approval of the swapped pair. */
  swap: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        pairId: idSchema,
        reviewer: reviewerSchema,
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => swapPair(ctx.db, input)),
});
