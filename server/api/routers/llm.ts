import "server-only";
import { z } from "zod";
import { pipelineConfigSchema } from "@/lib/schemas/pipelineConfig";
import { idSchema } from "@/lib/schemas/project";
import { InvalidInputError } from "../../errors";
import { LlmConfigError, resolveRoleEndpoint, testConnection } from "../../llm";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

const roleSchema = pipelineConfigSchema.shape.llm.shape.generator;

export const llmRouter = createTRPCRouter({
  /**
   * Lists the endpoint's models and times the answer, for the role settings as typed (or as
   * saved). Answers with the endpoint and the *name* of the key variable, never the key.
   */
  testConnection: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        role: z.enum(["generator", "judge"]),
        settings: z.unknown().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const project = getProject(ctx.db, input.projectId);
      const parsed = roleSchema.safeParse(input.settings ?? project.config.llm[input.role]);
      if (!parsed.success)
        throw new InvalidInputError(`The ${input.role} settings are invalid; fix them first.`);
      let endpoint;
      try {
        endpoint = resolveRoleEndpoint(input.role, parsed.data);
      } catch (error) {
        if (error instanceof LlmConfigError)
          return { ok: false as const, error: error.message, baseUrl: null, keySource: null };
        throw error;
      }
      const report = await testConnection(endpoint);
      return {
        ...report,
        baseUrl: endpoint.baseUrl,
        keySource: endpoint.apiKey ? endpoint.apiKeySource : null,
        model: endpoint.model,
      };
    }),
});
