import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { instructions, testCases, verifiers } from "@/db/schema";
import { crossValidate, storedExpectation, type Verdict } from "@/lib/autoif/crossValidate";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import type { Outcome } from "@/lib/verifier/outcome";
import { forEachConcurrent } from "../concurrency";
import { codeOf, sameCodeKey } from "@/lib/autoif/verifierCode";
import { storeMatrix } from "../storeResults";
import type { StageContext } from "../types";

const verdictOf = (o: Outcome): Verdict => o.verdict;

/**
 * Stage 3: compiles each instruction's LLM-written functions in the sandbox, merges duplicate
 * functions and cases, runs every function on every case through the worker pool, stores the
 * matrix, and applies the preset's keep rules. One transaction per instruction.
 */
export async function crossValidateStage(ctx: StageContext): Promise<void> {
  const todo = ctx.db
    .select({ id: instructions.id })
    .from(instructions)
    .where(
      and(
        eq(instructions.projectId, ctx.projectId),
        eq(instructions.pipelineStage, "verify-gen"),
        eq(instructions.pipelineStatus, "pending"),
      ),
    )
    .orderBy(asc(instructions.id))
    .all();
  ctx.progress.setTotal(todo.length);
  await forEachConcurrent(todo, ctx.pool.size * 2, ctx.signal, async ({ id }) => {
    await crossValidateInstruction(ctx.db, ctx.pool, id, ctx.config, (text) =>
      ctx.progress.status(text),
    );
    ctx.progress.unitDone(`cross-validate:${id}`);
  });
}

/** Cross-validates one instruction and writes every decision with its reason. */
export async function crossValidateInstruction(
  db: Db,
  pool: StageContext["pool"],
  instructionId: number,
  config: PipelineConfig,
  onStatus?: (text: string) => void,
): Promise<void> {
  const limits = sandboxLimits(config);
  const fns = db
    .select({
      id: verifiers.id,
      number: verifiers.number,
      source: verifiers.source,
      language: verifiers.language,
      llmCallId: verifiers.llmCallId,
    })
    .from(verifiers)
    .where(and(eq(verifiers.instructionId, instructionId), eq(verifiers.origin, "llm")))
    .orderBy(asc(verifiers.id))
    .all();
  const cases = db
    .select({
      id: testCases.id,
      input: testCases.input,
      expected: testCases.expected,
      expectedRaw: testCases.expectedRaw,
      llmCallId: testCases.llmCallId,
    })
    .from(testCases)
    .where(eq(testCases.instructionId, instructionId))
    .orderBy(asc(testCases.id))
    .all();

  const compiled = await Promise.all(fns.map((f) => pool.compile(codeOf(f), limits)));
  const brokenCalls = new Set<number>();
  const fnDecisions = new Map<
    number,
    {
      status: "pending" | "kept" | "dropped";
      reason: string | null;
      compile: "ok" | "error";
      compileError: string | null;
      accuracy: number | null;
    }
  >();
  const distinctFns: typeof fns = [];
  const bySource = new Map<string, number>();
  fns.forEach((f, i) => {
    const c = compiled[i]!;
    if (!c.ok) {
      if (f.llmCallId !== null) brokenCalls.add(f.llmCallId);
      const where = `line ${c.error.line}, column ${c.error.column}`;
      fnDecisions.set(f.id, {
        status: "dropped",
        reason: `does not compile: ${c.error.message} (${where})`,
        compile: "error",
        compileError: `${c.error.message} (${where})`,
        accuracy: null,
      });
      return;
    }
    const key = sameCodeKey(f);
    const first = bySource.get(key);
    if (first !== undefined) {
      fnDecisions.set(f.id, {
        status: "dropped",
        reason: `duplicate of verifier #${first}`,
        compile: "ok",
        compileError: null,
        accuracy: null,
      });
      return;
    }
    bySource.set(key, f.number ?? f.id);
    distinctFns.push(f);
  });

  const caseDecisions = new Map<number, { status: "kept" | "dropped"; reason: string | null }>();
  const distinctCases: typeof cases = [];
  const byCase = new Map<string, number>();
  for (const c of cases) {
    if (c.llmCallId !== null && brokenCalls.has(c.llmCallId)) {
      caseDecisions.set(c.id, {
        status: "dropped",
        reason: "written with a verifier that does not compile",
      });
      continue;
    }
    const key = JSON.stringify([c.input, c.expectedRaw ?? c.expected]);
    const first = byCase.get(key);
    if (first !== undefined) {
      caseDecisions.set(c.id, { status: "dropped", reason: `duplicate of test case #${first}` });
      continue;
    }
    byCase.set(key, c.id);
    distinctCases.push(c);
  }

  onStatus?.(
    `instruction #${instructionId}: running ${distinctFns.length} functions on ${distinctCases.length} cases`,
  );
  const matrix =
    distinctFns.length && distinctCases.length
      ? await pool.evaluateMatrix(
          distinctFns.map(codeOf),
          distinctCases.map((c) => c.input),
          limits,
        )
      : distinctFns.map(() => []);
  const result = crossValidate(
    {
      functionIds: distinctFns.map((f) => f.id),
      cases: distinctCases.map((c) => ({ id: c.id, expected: storedExpectation(c) })),
      verdicts: matrix.map((row) => row.map(verdictOf)),
    },
    config.crossValidate,
  );
  for (const c of result.cases)
    caseDecisions.set(c.id, { status: c.kept ? "kept" : "dropped", reason: c.reason });
  for (const f of result.functions) {
    fnDecisions.set(f.id, {
      status: f.kept ? "kept" : "dropped",
      reason: f.reason,
      compile: "ok",
      compileError: null,
      accuracy: f.accuracy,
    });
  }

  writeTransaction(db, (tx) => {
    storeMatrix(
      tx,
      "case",
      distinctFns.map((f) => f.id),
      distinctCases.map((c) => c.id),
      matrix,
    );
    for (const [id, d] of fnDecisions) {
      tx.update(verifiers)
        .set({
          pipelineStatus: d.status,
          dropReason: d.reason,
          compileStatus: d.compile,
          compileError: d.compileError,
          accuracy: d.accuracy,
        })
        .where(eq(verifiers.id, id))
        .run();
    }
    for (const [id, d] of caseDecisions) {
      tx.update(testCases)
        .set({ pipelineStatus: d.status, dropReason: d.reason })
        .where(eq(testCases.id, id))
        .run();
    }
    tx.update(instructions)
      .set({
        pipelineStage: "cross-validate",
        pipelineStatus: result.instruction.kept ? "pending" : "dropped",
        dropReason: result.instruction.kept
          ? null
          : `cross-validation: ${result.instruction.reason}`,
      })
      .where(eq(instructions.id, instructionId))
      .run();
  });
}
