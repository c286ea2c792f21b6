import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { responseFilterSchema } from "@/lib/schemas/reviewFilters";
import { reviewerSchema, reviewReasonSchema } from "@/lib/schemas/reviewer";
import { getProject } from "../../services/projects";
import { responseIds } from "../../services/responseList";
import { recordBulkVerdict, recordVerdicts, reviewHistory } from "../../services/reviews";
import { createTRPCRouter, publicProcedure } from "../trpc";

const itemKind = z.enum(["response", "pair"]);
const verdict = z.enum(["approve", "reject", "clear"]);

export const reviewRouter = createTRPCRouter({
  /** A verdict on up to 500 items; appended to their history, and their status follows it. */
  record: publicProcedure
    .input(z.object({ projectId: idSchema, itemKind, itemIds: z.array(idSchema).min(1).max(500), verdict, reason: reviewReasonSchema, reviewer: reviewerSchema }))
    .mutation(({ ctx, input }) => recordVerdicts(ctx.db, input)),
  /** A verdict on every response the filter matches, if that is still the confirmed count. */
  bulkResponses: publicProcedure
    .input(z.object({ projectId: idSchema, filter: responseFilterSchema, expectedCount: z.number().int().min(1), verdict, reason: reviewReasonSchema, reviewer: reviewerSchema }))
    .mutation(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      const { filter, ...rest } = input;
      return recordBulkVerdict(ctx.db, { ...rest, itemKind: "response", matchingIds: (tx) => responseIds(tx, input.projectId, filter) });
    }),
  history: publicProcedure
    .input(z.object({ projectId: idSchema, itemKind, itemId: idSchema }))
    .query(({ ctx, input }) => reviewHistory(ctx.db, input.projectId, input.itemKind, input.itemId)),
});
