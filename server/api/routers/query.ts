import "server-only";
import { and, asc, count, eq, like, type SQL } from "drizzle-orm";
import { z } from "zod";
import { queries } from "@/db/schema";
import { idSchema } from "@/lib/schemas/project";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const queryRouter = createTRPCRouter({
  list: publicProcedure
    .input(z.object({ projectId: idSchema, search: z.string().max(500).optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      const filters: SQL[] = [eq(queries.projectId, input.projectId)];
      if (input.search?.trim()) filters.push(like(queries.text, `%${input.search.trim()}%`));
      const where = and(...filters);
      const total = ctx.db.select({ n: count() }).from(queries).where(where).get()?.n ?? 0;
      const rows = ctx.db
        .select({ id: queries.id, text: queries.text, length: queries.length, sourceFile: queries.sourceFile, sourceLine: queries.sourceLine })
        .from(queries)
        .where(where)
        .orderBy(asc(queries.id))
        .limit(input.limit)
        .offset(input.offset)
        .all();
      return { total, rows };
    }),
});
