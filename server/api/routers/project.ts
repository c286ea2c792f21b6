import "server-only";
import { z } from "zod";
import { presetNames } from "@/lib/schemas/pipelineConfig";
import { idSchema, projectDescriptionSchema, projectNameSchema } from "@/lib/schemas/project";
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  projectDeletionSummary,
  updateProject,
  updateProjectConfig,
} from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const projectRouter = createTRPCRouter({
  list: publicProcedure.input(z.object({}).optional()).query(({ ctx }) => listProjects(ctx.db)),
  byId: publicProcedure
    .input(z.object({ id: idSchema }))
    .query(({ ctx, input }) => getProject(ctx.db, input.id)),
  create: publicProcedure
    .input(
      z.object({
        name: projectNameSchema,
        description: projectDescriptionSchema.optional(),
        preset: z.enum(presetNames).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createProject(ctx.db, input)),
  update: publicProcedure
    .input(
      z.object({
        id: idSchema,
        name: projectNameSchema.optional(),
        description: projectDescriptionSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateProject(ctx.db, input)),
  updateConfig: publicProcedure
    .input(z.object({ id: idSchema, preset: z.enum(presetNames), config: z.unknown() }))
    .mutation(({ ctx, input }) => updateProjectConfig(ctx.db, input)),
  deletionSummary: publicProcedure
    .input(z.object({ id: idSchema }))
    .query(({ ctx, input }) => projectDeletionSummary(ctx.db, input.id)),
  delete: publicProcedure
    .input(z.object({ id: idSchema }))
    .mutation(({ ctx, input }) => deleteProject(ctx.db, input.id)),
});
