import "server-only";
import { writeTransaction } from "@/db/client";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { instructions, queries, samples } from "@/db/schema";
import { sampleWithSeed } from "@/lib/autoif/seededSample";
import { InvalidInputError } from "../../errors";
import type { StageContext } from "../types";

/**
 * A query's length in characters as Python's `len` counts them (code points, which SQLite's
 * `length()` counts for text), not UTF-16 units: code/6_concat_sharegpt_query.py l.39 keeps
 * `len(each) > 20 and len(each) < 300`, and an emoji is one character there.
 */
const codePoints = sql`length(${queries.text})`;

/**
 * Stage 6: draws queries for each kept instruction (atomic or compound) from the project's pool, only those strictly
 * between the length bounds. The draw depends on the recorded seed and the instruction id alone.
 */
export async function pairQueriesStage(ctx: StageContext): Promise<void> {
  const { db, config } = ctx;
  const knobs = config.pairQueries;
  const todo = db
    .select({ id: instructions.id })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        inArray(instructions.pipelineStage, ["back-translate", "compose"]),
        eq(instructions.pipelineStatus, "kept"),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  ctx.progress.status(
    `drawing ${ctx.config.pairQueries.queriesPerInstruction} queries for each of ${todo.length} instructions`,
  );
  if (todo.length === 0) return;
  const pool = db
    .select({ id: queries.id })
    .from(queries)
    .where(
      and(
        eq(queries.projectId, ctx.projectId),
        sql`${codePoints} > ${knobs.minQueryLength}`,
        sql`${codePoints} < ${knobs.maxQueryLength}`,
      ),
    )
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
    const drawn = sampleWithSeed(
      pool,
      knobs.queriesPerInstruction,
      config.pairs.seed + instruction.id,
    );
    writeTransaction(db, (tx) => {
      for (const queryId of drawn) {
        tx.insert(samples)
          .values({ instructionId: instruction.id, queryId, runId: ctx.runId })
          .onConflictDoNothing()
          .run();
      }
      tx.update(instructions)
        .set({ pipelineStage: "pair-queries" })
        .where(eq(instructions.id, instruction.id))
        .run();
    });
    ctx.progress.unitDone(`pair-queries:${instruction.id}`);
  }
}
