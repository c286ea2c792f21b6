import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { auditorSchema } from "@/lib/schemas/audit";
import { instructionAgreement, labelResponse } from "../../services/responseLabels";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** Human labels of responses (follows the instruction or not) and verifiers' agreement with them. */
export const labelRouter = createTRPCRouter({
  set: publicProcedure
    .input(
      z.object({
        responseId: idSchema,
        label: z.enum(["follows", "violates", "clear"]),
        reviewer: auditorSchema,
        note: z.string().max(2_000).optional().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => labelResponse(ctx.db, input)),
  /** Per verifier accuracy, precision and recall against the labels, and Cohen's kappa of the majority. */
  instructionAgreement: publicProcedure
    .input(z.object({ instructionId: idSchema }))
    .query(({ ctx, input }) => instructionAgreement(ctx.db, input.instructionId)),
});
