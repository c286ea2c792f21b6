import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { conflictMatrix, conflictPair } from "../../services/conflictMatrix";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const composeRouter = createTRPCRouter({
  /** The project's conflict matrix (heat map cells without witnesses). */
  matrix: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return conflictMatrix(ctx.db, input.projectId);
  }),
  /** One pair: its witness, or why there is none. */
  pair: publicProcedure
    .input(z.object({ projectId: idSchema, a: idSchema, b: idSchema }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return conflictPair(ctx.db, input.projectId, input.a, input.b);
    }),
});
