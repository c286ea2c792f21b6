import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { getInstruction, listInstructions } from "../../services/instructions";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const instructionRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        status: z.enum(["pending", "kept", "dropped"]).optional(),
        search: z.string().max(500).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return listInstructions(ctx.db, input);
    }),
  byId: publicProcedure.input(z.object({ id: idSchema })).query(({ ctx, input }) => getInstruction(ctx.db, input.id)),
});
