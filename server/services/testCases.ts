import "server-only";
import { and, eq } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "@/db/client";
import { instructions, testCases, verifierResults } from "@/db/schema";
import type { VerifierPool } from "../sandbox/pool";
import { ConflictError, NotFoundError } from "../errors";
import { changeAndRecompute } from "./recomputeInstruction";

export interface TestCaseInput {
  input: string;
  expected: boolean;
}

function instructionStage(db: Db, instructionId: number) {
  const ins = db
    .select({ stage: instructions.pipelineStage })
    .from(instructions)
    .where(eq(instructions.id, instructionId))
    .get();
  if (!ins) throw new NotFoundError(`Instruction ${instructionId} does not exist.`);
  if (!ins.stage || ins.stage === "verify-gen") {
    throw new ConflictError(
      "This instruction has not been cross-validated yet; change its test cases after the run's cross-validation stage.",
    );
  }
}

function caseRow(db: Db, id: number) {
  const row = db
    .select({ id: testCases.id, instructionId: testCases.instructionId })
    .from(testCases)
    .where(eq(testCases.id, id))
    .get();
  if (!row) throw new NotFoundError(`Test case ${id} does not exist.`);
  instructionStage(db, row.instructionId);
  return row;
}

const clearResults = (tx: DbOrTx, caseId: number) =>
  tx
    .delete(verifierResults)
    .where(and(eq(verifierResults.targetKind, "case"), eq(verifierResults.targetId, caseId)))
    .run();

/** Adds a reviewer's test case; every current verifier runs on it and cross-validation is redone. */
export async function addTestCase(
  db: Db,
  pool: VerifierPool,
  instructionId: number,
  input: TestCaseInput,
) {
  instructionStage(db, instructionId);
  let id = 0;
  const change = await changeAndRecompute(db, pool, instructionId, () => {
    id = db
      .insert(testCases)
      .values({ instructionId, input: input.input, expected: input.expected, origin: "user" })
      .returning({ id: testCases.id })
      .get().id;
  });
  return { id, change };
}

/** Changes a test case's input or expectation; its stored outcomes are run again. */
export async function updateTestCase(db: Db, pool: VerifierPool, id: number, input: TestCaseInput) {
  const row = caseRow(db, id);
  const change = await changeAndRecompute(db, pool, row.instructionId, () => {
    writeTransaction(db, (tx) => {
      tx.update(testCases)
        .set({ input: input.input, expected: input.expected, expectedRaw: null, dropReason: null })
        .where(eq(testCases.id, id))
        .run();
      clearResults(tx, id);
    });
  });
  return { id, change };
}

/** Deletes a test case and its outcomes; cross-validation is redone without it. */
export async function deleteTestCase(db: Db, pool: VerifierPool, id: number) {
  const row = caseRow(db, id);
  const change = await changeAndRecompute(db, pool, row.instructionId, () => {
    writeTransaction(db, (tx) => {
      clearResults(tx, id);
      tx.delete(testCases).where(eq(testCases.id, id)).run();
    });
  });
  return { change };
}
