import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { seedTextSchema, tagSchema } from "@/lib/seeds/seedText";
import { env } from "../../env.mjs";
import { refuseOversizedFile } from "../../security/fileLimit";
import {
  addSeed,
  deleteSeeds,
  exportSeeds,
  importSeeds,
  listSeeds,
  updateSeed,
} from "../../services/seeds";
import { createTRPCRouter, publicProcedure } from "../trpc";

const formatSchema = z.enum(["txt", "jsonl"]);

export const seedRouter = createTRPCRouter({
  list: publicProcedure
    .input(z.object({ projectId: idSchema }))
    .query(({ ctx, input }) => listSeeds(ctx.db, input.projectId)),
  add: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        text: seedTextSchema,
        tags: z.array(tagSchema).max(20).optional(),
      }),
    )
    .mutation(({ ctx, input }) => addSeed(ctx.db, input)),
  update: publicProcedure
    .input(
      z.object({
        id: idSchema,
        text: seedTextSchema.optional(),
        tags: z.array(tagSchema).max(20).optional(),
        status: z.enum(["active", "disabled"]).optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateSeed(ctx.db, input)),
  delete: publicProcedure
    .input(z.object({ ids: z.array(idSchema).min(1).max(10_000) }))
    .mutation(({ ctx, input }) => deleteSeeds(ctx.db, input.ids)),
  import: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        fileName: z.string().trim().min(1).max(255),
        format: formatSchema,
        content: z.string(),
      }),
    )
    .mutation(({ ctx, input }) => {
      // Seed files are small; 10 MB (AUTOIF_MAX_SEED_FILE_BYTES) holds ~5,000 seeds of the maximum length.
      refuseOversizedFile(
        input.fileName,
        input.content,
        env().AUTOIF_MAX_SEED_FILE_BYTES,
        "a seed file",
      );
      return importSeeds(ctx.db, input);
    }),
  export: publicProcedure
    .input(z.object({ projectId: idSchema, format: formatSchema }))
    .query(({ ctx, input }) => exportSeeds(ctx.db, input)),
});
