import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq, gt, lt } from "drizzle-orm";
import { instructions, queries, samples } from "@/db/schema";
import { sampleWithSeed } from "@/lib/autoif/seededSample";
import { InvalidInputError } from "../../errors";
import type { StageContext } from "../types";

/**
 * Stage 5: draws queries for each kept instruction from the project's pool, only those strictly
 * between the length bounds. The draw depends on the recorded seed and the instruction id alone.
 */
export async function pairQueriesStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const knobs = config.pairQueries;
  const todo = db
    .select({ id: instructions.id })
    .from(instructions)
    .where(and(eq(instructions.projectId, ctx.projectId), eq(instructions.pipelineStage, "back-translate"), eq(instructions.pipelineStatus, "kept")))
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  if (todo.length === 0) return;
  const pool = db
    .select({ id: queries.id })
    .from(queries)
    .where(and(eq(queries.projectId, ctx.projectId), gt(queries.length, knobs.minQueryLength), lt(queries.length, knobs.maxQueryLength)))
    .orderBy(asc(queries.id))
    .all()
    .map((q) => q.id);
  if (pool.length === 0) {
    throw new InvalidInputError(
      `The project's query pool has no query strictly between ${knobs.minQueryLength} and ${knobs.maxQueryLength} characters; import queries on the Queries page or with npm run autoif -- queries import.`,
    );
  }
  for (const instruction of todo) {
    if (ctx.signal.aborted) return;
    const drawn = sampleWithSeed(pool, knobs.queriesPerInstruction, config.pairs.seed + instruction.id);
    writeTransaction(db, (tx) => {
      for (const queryId of drawn) {
        tx.insert(samples).values({ instructionId: instruction.id, queryId, runId: ctx.runId }).onConflictDoNothing().run();
      }
      tx.update(instructions).set({ pipelineStage: "pair-queries" }).where(eq(instructions.id, instruction.id)).run();
    });
    ctx.progress.unitDone(`pair-queries:${instruction.id}`);
  }
}
