import "server-only";
import { and, asc, count, desc, eq, like, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { backTranslations, instructions, testCases, verifiers } from "@/db/schema";
import { NotFoundError } from "../errors";

export interface InstructionListInput {
  projectId: number;
  status?: "pending" | "kept" | "dropped";
  search?: string;
  offset: number;
  limit: number;
}

/** A page of a project's instructions with their verifier and case counts, newest last. */
export function listInstructions(db: Db, input: InstructionListInput) {
  const filters: SQL[] = [eq(instructions.projectId, input.projectId)];
  if (input.status) filters.push(eq(instructions.pipelineStatus, input.status));
  if (input.search?.trim()) filters.push(like(instructions.text, `%${input.search.trim().replace(/[%_]/g, "\\$&")}%`));
  const where = and(...filters);
  const total = db.select({ n: count() }).from(instructions).where(where).get()?.n ?? 0;
  const rows = db
    .select({
      id: instructions.id,
      text: instructions.text,
      pipelineStatus: instructions.pipelineStatus,
      pipelineStage: instructions.pipelineStage,
      dropReason: instructions.dropReason,
      reviewStatus: instructions.reviewStatus,
      // Qualified by hand: drizzle writes a lone column of a one-table select unqualified, which the
      // subquery would resolve to its own table.
      verifiers: sql<number>`(select count(*) from verifiers v where v.instruction_id = "instructions"."id")`,
      keptVerifiers: sql<number>`(select count(*) from verifiers v where v.instruction_id = "instructions"."id" and v.pipeline_status = 'kept')`,
      cases: sql<number>`(select count(*) from test_cases c where c.instruction_id = "instructions"."id")`,
      keptCases: sql<number>`(select count(*) from test_cases c where c.instruction_id = "instructions"."id" and c.pipeline_status = 'kept')`,
    })
    .from(instructions)
    .where(where)
    .orderBy(asc(instructions.id))
    .limit(input.limit)
    .offset(input.offset)
    .all();
  const counts = db
    .select({ status: instructions.pipelineStatus, n: count() })
    .from(instructions)
    .where(eq(instructions.projectId, input.projectId))
    .groupBy(instructions.pipelineStatus)
    .all();
  return { total, rows, counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Record<string, number> };
}

/** One instruction with its verifiers (newest version last), test cases and back-translations. */
export function getInstruction(db: Db, id: number) {
  const instruction = db.select().from(instructions).where(eq(instructions.id, id)).get();
  if (!instruction) throw new NotFoundError(`Instruction ${id} does not exist.`);
  const fns = db
    .select({
      id: verifiers.id,
      source: verifiers.source,
      origin: verifiers.origin,
      version: verifiers.version,
      compileStatus: verifiers.compileStatus,
      compileError: verifiers.compileError,
      accuracy: verifiers.accuracy,
      pipelineStatus: verifiers.pipelineStatus,
      dropReason: verifiers.dropReason,
    })
    .from(verifiers)
    .where(eq(verifiers.instructionId, id))
    .orderBy(desc(sql`${verifiers.pipelineStatus} = 'kept'`), asc(verifiers.id))
    .all();
  const cases = db
    .select({ id: testCases.id, input: testCases.input, expected: testCases.expected, expectedRaw: testCases.expectedRaw, pipelineStatus: testCases.pipelineStatus, dropReason: testCases.dropReason })
    .from(testCases)
    .where(eq(testCases.instructionId, id))
    .orderBy(asc(testCases.id))
    .all();
  const translations = db
    .select({ id: backTranslations.id, verifierId: backTranslations.verifierId, text: backTranslations.text, judgeLabel: backTranslations.judgeLabel })
    .from(backTranslations)
    .where(eq(backTranslations.instructionId, id))
    .orderBy(asc(backTranslations.id))
    .all();
  return { ...instruction, verifiers: fns, cases, backTranslations: translations };
}
