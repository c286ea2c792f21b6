import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { responseFilterSchema } from "@/lib/schemas/reviewFilters";
import { reviewerSchema, reviewReasonSchema } from "@/lib/schemas/reviewer";
import { getProject } from "../../services/projects";
import { responseIds } from "../../services/responseList";
import { reviewProgress, reviewStats } from "../../services/reviewStats";
import {
  bulkExportImpact,
  recordBulkVerdict,
  recordVerdicts,
  reviewHistory,
  undoBatch,
} from "../../services/reviews";
import { createTRPCRouter, publicProcedure } from "../trpc";

const itemKind = z.enum(["response", "pair", "instruction", "verifier"]);
const verdict = z.enum(["approve", "reject", "clear"]);

export const reviewRouter = createTRPCRouter({
  /** A verdict on up to 500 items; appended to their history, and their status follows it. */
  record: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        itemKind,
        itemIds: z.array(idSchema).min(1).max(500),
        verdict,
        reason: reviewReasonSchema,
        reviewer: reviewerSchema,
      }),
    )
    .mutation(({ ctx, input }) => recordVerdicts(ctx.db, input)),
  /** A verdict on every response the filter matches, if that is still the confirmed count. */
  bulkResponses: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        filter: responseFilterSchema,
        expectedCount: z.number().int().min(1),
        verdict,
        reason: reviewReasonSchema,
        reviewer: reviewerSchema,
      }),
    )
    .mutation(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      const { filter, ...rest } = input;
      return recordBulkVerdict(ctx.db, {
        ...rest,
        itemKind: "response",
        matchingIds: (tx) => responseIds(tx, input.projectId, filter),
      });
    }),
  /**
   * What a bulk verdict on the filter's responses would remove from (or add to) the default SFT
   * and DPO export, counted by the export's own filters: asked before the reviewer confirms.
   */
  bulkImpact: publicProcedure
    .input(z.object({ projectId: idSchema, filter: responseFilterSchema, verdict }))
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return bulkExportImpact(ctx.db, {
        projectId: input.projectId,
        itemKind: "response",
        verdict: input.verdict,
        reviewer: "dry run",
        matchingIds: (tx) => responseIds(tx, input.projectId, input.filter),
      });
    }),
  /** Takes back one recorded verdict (a bulk one whole): each item gets the status it had before. */
  undo: publicProcedure
    .input(z.object({ projectId: idSchema, batchId: z.string().uuid(), reviewer: reviewerSchema }))
    .mutation(({ ctx, input }) => undoBatch(ctx.db, input)),
  /** "Reviewed N of M" for instructions, responses and pairs. */
  progress: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return reviewProgress(ctx.db, input.projectId);
  }),
  /** Verdicts per reviewer and the median time per item. */
  stats: publicProcedure.input(z.object({ projectId: idSchema })).query(({ ctx, input }) => {
    getProject(ctx.db, input.projectId);
    return reviewStats(ctx.db, input.projectId);
  }),
  history: publicProcedure
    .input(z.object({ projectId: idSchema, itemKind, itemId: idSchema }))
    .query(({ ctx, input }) =>
      reviewHistory(ctx.db, input.projectId, input.itemKind, input.itemId),
    ),
});
