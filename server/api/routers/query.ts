import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { listQueries } from "../../services/queries";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const queryRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        search: z.string().max(500).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) => listQueries(ctx.db, input)),
});
