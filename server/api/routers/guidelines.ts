import "server-only";
import { z } from "zod";
import { guidelinesTextSchema } from "@/lib/schemas/guidelines";
import { idSchema } from "@/lib/schemas/project";
import { getGuidelines, setGuidelines } from "../../services/guidelines";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** A project's annotation guidelines, shown beside the review pages and written into export manifests. */
export const guidelinesRouter = createTRPCRouter({
  get: publicProcedure
    .input(z.object({ projectId: idSchema }))
    .query(({ ctx, input }) => getGuidelines(ctx.db, input.projectId)),
  set: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        text: guidelinesTextSchema,
        basedOn: z.number().int().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => setGuidelines(ctx.db, input)),
});
