import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { auditorSchema, verdictReasonSchema } from "@/lib/schemas/audit";
import { auditReviewHistory, reviewAuditItem } from "../../services/auditReviews";
import { getInstruction, listInstructions } from "../../services/instructions";
import { getProject } from "../../services/projects";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const instructionRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z.object({
        projectId: idSchema,
        status: z.enum(["pending", "kept", "dropped"]).optional(),
        review: z.enum(["unreviewed", "approved", "rejected"]).optional(),
        reason: z.string().max(500).optional(),
        flag: z.enum(["compile-error", "runtime-error"]).optional(),
        search: z.string().max(500).optional(),
        constraints: z.number().int().min(1).max(11).optional(),
        offset: z.number().int().min(0).default(0),
        /** The offset, under the name react-query's infinite lists page with. */
        cursor: z.number().int().min(0).nullish(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) => {
      getProject(ctx.db, input.projectId);
      return listInstructions(ctx.db, { ...input, offset: input.cursor ?? input.offset });
    }),
  /** One instruction for the audit page, with up to `responses` of its responses in the matrix. */
  byId: publicProcedure
    .input(z.object({ id: idSchema, responses: z.number().int().min(0).max(2_000).default(100) }))
    .query(({ ctx, input }) => getInstruction(ctx.db, input.id, input.responses)),
  review: publicProcedure
    .input(
      z.object({
        id: idSchema,
        verdict: z.enum(["approve", "reject", "clear"]),
        reason: verdictReasonSchema,
        reviewer: auditorSchema,
      }),
    )
    .mutation(({ ctx, input }) =>
      reviewAuditItem(ctx.db, {
        itemKind: "instruction",
        itemId: input.id,
        verdict: input.verdict,
        reason: input.reason,
        reviewer: input.reviewer,
      }),
    ),
  reviewHistory: publicProcedure
    .input(z.object({ id: idSchema }))
    .query(({ ctx, input }) => auditReviewHistory(ctx.db, "instruction", input.id)),
});
