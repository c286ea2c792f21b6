import "server-only";
import { and, asc, count, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { containsText } from "@/db/textMatch";
import { compoundConstituents, instructions } from "@/db/schema";
import { reasonGroup } from "@/lib/autoif/reasonGroup";

export { getInstructionAudit as getInstruction } from "./instructionAudit";

export interface InstructionListInput {
  projectId: number;
  status?: "pending" | "kept" | "dropped";
  review?: "unreviewed" | "approved" | "rejected";
  /** A drop-reason group as `reasonGroup` names it ("cross-validation: N test case(s) kept"). */
  reason?: string;
  /** Instructions with a verifier that does not compile / with a verifier error on a case or response. */
  flag?: "compile-error" | "runtime-error";
  search?: string;
  /** Instructions holding this many constraints (1: atomic ones; 2 and up: compounds). */
  constraints?: number;
  offset: number;
  limit: number;
}

// Qualified by hand: drizzle writes a lone column of a one-table select unqualified, which the
// subqueries would resolve to their own tables.
const compileErrors = sql<number>`(select count(*) from verifiers v where v.instruction_id = "instructions"."id" and v.compile_status = 'error')`;
const hasRuntimeError = sql`exists (select 1 from verifiers v join verifier_results r on r.verifier_id = v.id where v.instruction_id = "instructions"."id" and r.outcome = 'error' and not exists (select 1 from verifiers n where n.parent_id = v.id))`;

/** The raw drop reasons of a project, grouped as the funnel groups them, with counts. */
function reasonGroups(db: Db, projectId: number) {
  const raw = db
    .select({ reason: instructions.dropReason, n: count() })
    .from(instructions)
    .where(and(eq(instructions.projectId, projectId), isNotNull(instructions.dropReason)))
    .groupBy(instructions.dropReason)
    .all();
  const groups = new Map<string, { count: number; reasons: string[] }>();
  for (const r of raw) {
    const g = reasonGroup(r.reason!);
    const entry = groups.get(g) ?? { count: 0, reasons: [] };
    entry.count += r.n;
    entry.reasons.push(r.reason!);
    groups.set(g, entry);
  }
  return groups;
}

/**
 * A page of a project's instructions with what the list shows of each (verifier and case counts,
 * error flags), filtered by pipeline status, review status, drop-reason group, error flag and
 * text; counts for every filter value over the whole project.
 */
export function listInstructions(db: Db, input: InstructionListInput) {
  const groups = reasonGroups(db, input.projectId);
  const filters: SQL[] = [eq(instructions.projectId, input.projectId)];
  if (input.status) filters.push(eq(instructions.pipelineStatus, input.status));
  if (input.review) filters.push(eq(instructions.reviewStatus, input.review));
  if (input.reason !== undefined)
    filters.push(inArray(instructions.dropReason, groups.get(input.reason)?.reasons ?? [""]));
  if (input.flag === "compile-error") filters.push(sql`${compileErrors} > 0`);
  if (input.flag === "runtime-error") filters.push(hasRuntimeError);
  if (input.search?.trim()) filters.push(containsText(instructions.text, input.search.trim()));
  if (input.constraints !== undefined)
    filters.push(eq(instructions.constraintCount, input.constraints));
  const where = and(...filters);
  const total = db.select({ n: count() }).from(instructions).where(where).get()?.n ?? 0;
  const rows = db
    .select({
      id: instructions.id,
      number: instructions.number,
      text: instructions.text,
      pipelineStatus: instructions.pipelineStatus,
      pipelineStage: instructions.pipelineStage,
      dropReason: instructions.dropReason,
      reviewStatus: instructions.reviewStatus,
      verifiers: sql<number>`(select count(*) from verifiers v where v.instruction_id = "instructions"."id" and not exists (select 1 from verifiers n where n.parent_id = v.id))`,
      keptVerifiers: sql<number>`(select count(*) from verifiers v where v.instruction_id = "instructions"."id" and v.pipeline_status = 'kept')`,
      cases: sql<number>`(select count(*) from test_cases c where c.instruction_id = "instructions"."id")`,
      keptCases: sql<number>`(select count(*) from test_cases c where c.instruction_id = "instructions"."id" and c.pipeline_status = 'kept')`,
      compileErrors,
      runtimeError: sql<number>`${hasRuntimeError}`,
      kind: instructions.kind,
      constraintCount: instructions.constraintCount,
    })
    .from(instructions)
    .where(where)
    .orderBy(asc(instructions.id))
    .limit(input.limit)
    .offset(input.offset)
    .all()
    .map((r) => ({ ...r, runtimeError: r.runtimeError === 1 }));
  // A compound's constituents, linked from its row.
  const compoundIds = rows.filter((r) => r.kind === "compound").map((r) => r.id);
  const parts = compoundIds.length
    ? db
        .select({
          compoundId: compoundConstituents.compoundId,
          id: instructions.id,
          number: instructions.number,
        })
        .from(compoundConstituents)
        .innerJoin(instructions, eq(instructions.id, compoundConstituents.constituentId))
        .where(inArray(compoundConstituents.compoundId, compoundIds))
        .orderBy(asc(compoundConstituents.compoundId), asc(compoundConstituents.position))
        .all()
    : [];
  const byCompound = new Map<number, Array<{ id: number; number: number | null }>>();
  for (const p of parts)
    byCompound.set(p.compoundId, [
      ...(byCompound.get(p.compoundId) ?? []),
      { id: p.id, number: p.number },
    ]);
  const withParts = rows.map((r) => ({ ...r, constituents: byCompound.get(r.id) ?? [] }));
  const project = eq(instructions.projectId, input.projectId);
  const byStatus = db
    .select({ k: instructions.pipelineStatus, n: count() })
    .from(instructions)
    .where(project)
    .groupBy(instructions.pipelineStatus)
    .all();
  const byReview = db
    .select({ k: instructions.reviewStatus, n: count() })
    .from(instructions)
    .where(project)
    .groupBy(instructions.reviewStatus)
    .all();
  const flagCount = (cond: SQL) =>
    db.select({ n: count() }).from(instructions).where(and(project, cond)).get()?.n ?? 0;
  const byConstraints = db
    .select({ k: instructions.constraintCount, n: count() })
    .from(instructions)
    .where(project)
    .groupBy(instructions.constraintCount)
    .all();
  return {
    total,
    rows: withParts,
    counts: {
      constraints: Object.fromEntries(byConstraints.map((c) => [String(c.k), c.n])) as Record<
        string,
        number
      >,
      all: byStatus.reduce((n, s) => n + s.n, 0),
      status: Object.fromEntries(byStatus.map((c) => [c.k, c.n])) as Record<string, number>,
      review: Object.fromEntries(byReview.map((c) => [c.k, c.n])) as Record<string, number>,
      reasons: [...groups]
        .map(([group, g]) => ({ group, count: g.count }))
        .sort((a, b) => b.count - a.count),
      compileError: flagCount(sql`${compileErrors} > 0`),
      runtimeError: flagCount(hasRuntimeError),
    },
  };
}
