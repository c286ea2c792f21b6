import { and, eq, type SQL } from "drizzle-orm";
import { instructions, samples, testCases, verifiers } from "./schema";

/**
 * Join conditions that scope rows to a project through their instruction: responses and pairs
 * belong to a project through sample -> instruction, verifiers and test cases through their
 * instruction. Use as `.innerJoin(instructions, instructionOfSample(projectId))` after joining
 * `samples`; without `projectId` the join only links the rows.
 */
export function instructionOfSample(projectId?: number): SQL {
  return scoped(eq(instructions.id, samples.instructionId), projectId);
}

export function instructionOfVerifier(projectId?: number): SQL {
  return scoped(eq(instructions.id, verifiers.instructionId), projectId);
}

export function instructionOfTestCase(projectId?: number): SQL {
  return scoped(eq(instructions.id, testCases.instructionId), projectId);
}

function scoped(link: SQL, projectId: number | undefined): SQL {
  return projectId === undefined ? link : and(link, eq(instructions.projectId, projectId))!;
}
