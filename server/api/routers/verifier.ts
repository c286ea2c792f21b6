import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import {
  auditorSchema,
  verdictReasonSchema,
  verifierLanguageSchema,
  verifierSourceSchema,
} from "@/lib/schemas/audit";
import { auditReviewHistory, reviewAuditItem } from "../../services/auditReviews";
import { saveVerifierVersion, verifierVersions } from "../../services/verifierVersions";
import { getVerifierPool } from "../../sandbox/sharedPool";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const verifierRouter = createTRPCRouter({
  /** Saves edited code as the next version (refused when it does not compile) and reports what changed. */
  saveVersion: publicProcedure
    .input(
      z.object({
        id: idSchema,
        source: verifierSourceSchema,
        language: verifierLanguageSchema.optional(),
        author: auditorSchema,
      }),
    )
    .mutation(({ ctx, input }) =>
      saveVerifierVersion(ctx.db, getVerifierPool(), {
        verifierId: input.id,
        source: input.source,
        language: input.language,
        author: input.author,
      }),
    ),
  /** Every version of a verifier's line, oldest first. */
  versions: publicProcedure
    .input(z.object({ id: idSchema }))
    .query(({ ctx, input }) => verifierVersions(ctx.db, input.id)),
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
        itemKind: "verifier",
        itemId: input.id,
        verdict: input.verdict,
        reason: input.reason,
        reviewer: input.reviewer,
      }),
    ),
  reviewHistory: publicProcedure
    .input(z.object({ id: idSchema }))
    .query(({ ctx, input }) => auditReviewHistory(ctx.db, "verifier", input.id)),
});
