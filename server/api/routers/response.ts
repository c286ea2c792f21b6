import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { responseFilterSchema } from "@/lib/schemas/reviewFilters";
import { getProject } from "../../services/projects";
import { countResponses, listResponses, responseFacets } from "../../services/responseList";
import { createTRPCRouter, publicProcedure } from "../trpc";

const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};

export const responseRouter = createTRPCRouter({
  /** How many responses match: the virtualized list's length and the bulk confirmation's count. */
  count: publicProcedure
    .input(z.object({ projectId: idSchema, filter: responseFilterSchema }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return countResponses(ctx.db, input.projectId, input.filter);
    }),
  page: publicProcedure
    .input(z.object({ projectId: idSchema, filter: responseFilterSchema, ...page }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return listResponses(ctx.db, input.projectId, input.filter, input.offset, input.limit);
    }),
  facets: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return responseFacets(ctx.db, input.projectId);
  }),
});
