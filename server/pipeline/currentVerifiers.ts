import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { testCases, verifiers } from "@/db/schema";

/**
 * True for a verifier no later version replaces. Written by hand because drizzle leaves the outer
 * column of a one-table select unqualified, which the subquery would read as its own table.
 */
export const isLatestVersion = sql`not exists (select 1 from verifiers newer where newer.parent_id = "verifiers"."id")`;

/** Drop reasons that take a row out of cross-validation for good (not a verdict on its quality). */
export const supersededPrefix = "superseded by version";
const mergedCase = (reason: string | null) =>
  reason?.startsWith("duplicate of") === true ||
  reason === "written with a verifier that does not compile";

/**
 * The functions that take part in an instruction's decisions: the latest version of each
 * verifier, compiled, and not merged into an identical one.
 */
export function currentFunctions(db: Db, instructionId: number) {
  return currentFunctionsOf(db, [instructionId]).get(instructionId) ?? [];
}

/** currentFunctions of many instructions in one query per 500 (the reward server resolves a batch's labels at once). */
export function currentFunctionsOf(db: Db, instructionIds: readonly number[]) {
  const columns = {
    instructionId: verifiers.instructionId,
    id: verifiers.id,
    number: verifiers.number,
    source: verifiers.source,
    language: verifiers.language,
    version: verifiers.version,
    pipelineStatus: verifiers.pipelineStatus,
    reviewStatus: verifiers.reviewStatus,
    accuracy: verifiers.accuracy,
    dropReason: verifiers.dropReason,
  };
  const query = (ids: readonly number[]) =>
    db
      .select(columns)
      .from(verifiers)
      .where(
        and(
          inArray(verifiers.instructionId, [...ids]),
          eq(verifiers.compileStatus, "ok"),
          isLatestVersion,
        ),
      )
      .orderBy(asc(verifiers.id))
      .all();
  type Fn = Omit<ReturnType<typeof query>[number], "instructionId">;
  const byInstruction = new Map<number, Fn[]>(instructionIds.map((id) => [id, []]));
  for (let start = 0; start < instructionIds.length; start += 500) {
    const rows = query(instructionIds.slice(start, start + 500));
    for (const { instructionId, ...fn } of rows)
      if (!fn.dropReason?.startsWith("duplicate of")) byInstruction.get(instructionId)!.push(fn);
  }
  return byInstruction;
}

/** The test cases cross-validation judges: all but those merged as duplicates or lost with a broken generation. */
export function judgedCases(db: Db, instructionId: number) {
  return db
    .select({
      id: testCases.id,
      input: testCases.input,
      expected: testCases.expected,
      expectedRaw: testCases.expectedRaw,
      pipelineStatus: testCases.pipelineStatus,
      dropReason: testCases.dropReason,
    })
    .from(testCases)
    .where(eq(testCases.instructionId, instructionId))
    .orderBy(asc(testCases.id))
    .all()
    .filter((c) => !mergedCase(c.dropReason));
}
