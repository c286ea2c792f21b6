import "server-only";
import { z } from "zod";
import {
  contaminationOptionsSchema,
  exportFiltersSchema,
  systemPromptSchema,
} from "@/lib/formats/exportRequest";
import { FORMAT_IDS } from "@/lib/formats/formats";
import { idSchema } from "@/lib/schemas/project";
import { deleteBenchmark, listBenchmarks, registerBenchmark } from "../../export/benchmarks";
import { listExports } from "../../export/exports";
import { previewExport } from "../../export/preview";
import { countByFilter } from "../../export/rowQuery";
import { env } from "../../env.mjs";
import { refuseOversizedFile } from "../../security/fileLimit";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const exportRouter = createTRPCRouter({
  /** Rows left after each filter step: the count the studio shows before exporting. */
  count: publicProcedure
    .input(
      z.object({ projectId: idSchema, kind: z.enum(["sft", "dpo"]), filters: exportFiltersSchema }),
    )
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return countByFilter(ctx.db, input.projectId, input.kind, input.filters);
    }),
  /** The first lines of the file these choices would write (nothing is recorded). */
  preview: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        format: z.enum(FORMAT_IDS),
        filters: exportFiltersSchema.optional(),
        contamination: contaminationOptionsSchema.optional(),
        systemPrompt: systemPromptSchema.optional(),
        limit: z.number().int().min(1).max(50).default(5),
      }),
    )
    .query(({ ctx, input }) => {
      const { limit, ...request } = input;
      return previewExport(ctx.db, request, limit);
    }),
  list: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return listExports(ctx.db, input.projectId);
  }),
  benchmarks: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return listBenchmarks(ctx.db, input.projectId);
  }),
  addBenchmark: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        name: z.string().trim().min(1).max(300),
        content: z.string(),
        field: z.string().trim().max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      // 16 MB (AUTOIF_MAX_BENCHMARK_FILE_BYTES) of prompts is far beyond an evaluation set's, and
      // JSON-escaped it still fits one request (AUTOIF_MAX_JSON_BODY_BYTES).
      refuseOversizedFile(
        input.name,
        input.content,
        env().AUTOIF_MAX_BENCHMARK_FILE_BYTES,
        "a benchmark file",
      );
      getProject(ctx.db, input.projectId);
      return registerBenchmark(ctx.db, input);
    }),
  deleteBenchmark: publicProcedure
    .input(z.object({ projectId: idSchema, id: idSchema }))
    .mutation(({ ctx, input }) => deleteBenchmark(ctx.db, input.projectId, input.id)),
});
