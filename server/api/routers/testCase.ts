import "server-only";
import { z } from "zod";
import { idSchema } from "@/lib/schemas/project";
import { testCaseInputSchema } from "@/lib/schemas/audit";
import { addTestCase, deleteTestCase, updateTestCase } from "../../services/testCases";
import { getVerifierPool } from "../../sandbox/sharedPool";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** Reviewers' test cases; each change reruns the verifiers on the case and redoes cross-validation. */
export const testCaseRouter = createTRPCRouter({
  create: publicProcedure
    .input(testCaseInputSchema.extend({ instructionId: idSchema }))
    .mutation(({ ctx, input }) =>
      addTestCase(ctx.db, getVerifierPool(), input.instructionId, input),
    ),
  update: publicProcedure
    .input(testCaseInputSchema.extend({ id: idSchema }))
    .mutation(({ ctx, input }) => updateTestCase(ctx.db, getVerifierPool(), input.id, input)),
  delete: publicProcedure
    .input(z.object({ id: idSchema }))
    .mutation(({ ctx, input }) => deleteTestCase(ctx.db, getVerifierPool(), input.id)),
});
