import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { writeTransaction, type Db, type Tx } from "@/db/client";
import {
  backTranslations,
  instructions,
  llmCalls,
  queries,
  responses,
  samples,
  testCases,
  verifiers,
} from "@/db/schema";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import {
  planReferenceImport,
  type PlannedCase,
  type PlannedInstruction,
} from "@/lib/autoif/referenceImportPlan";
import { decideResponse, meanScore } from "@/lib/autoif/responseDecisions";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import type { CompileResult } from "@/lib/verifier/outcome";
import type { VerifierPool } from "../sandbox/pool";
import type { AutoifFileKind } from "@/lib/formats/autoifFiles";
import { problemText, readAutoifFile, type FileProblem } from "@/lib/formats/readAutoifFile";
import { InvalidInputError } from "../errors";
import { killPoint } from "../killPoints";
import { getProject } from "./projects";

export interface ReferenceImportOptions {
  projectId: number;
  /** The file's name, for messages and the rows' provenance. */
  fileName: string;
  /** The file's kind; told from its first line when omitted. */
  kind?: AutoifFileKind;
}

export interface ReferenceImportResult {
  kind: AutoifFileKind;
  lines: number;
  instructions: number;
  generations: number;
  /** Generations the scripts skip (or stop on), each with its line and why: recorded, without a function. */
  skippedGenerations: Array<{ line: number; generation: number; reason: string }>;
  verifiers: number;
  testCases: number;
  /** Cases of kept generations the scripts skip (no input or output) or the studio cannot hold. */
  skippedCases: number;
  queries: number;
  samples: number;
  responses: number;
}

const fail = (fileName: string, problems: FileProblem[]) => {
  const more = problems.length > 1 ? ` (${problems.length - 1} more listed below)` : "";
  return new InvalidInputError(
    `${fileName}: nothing was imported. ${problemText(problems[0]!)}${more}.`,
    problems,
  );
};

/**
 * Imports a file of the AutoIF reference scripts into a project, in one transaction: every line
 * is read and checked first (a bad one names its line and field and nothing is written), and an
 * instruction the project already has refuses the whole file (an import adds; it never changes
 * what is there, so importing a file twice is refused, not doubled). Verifiers are Python; raw
 * generations are recorded as LLM calls made elsewhere (their text kept, skipped ones with why).
 */
export function importReferenceFile(
  db: Db,
  bytes: Uint8Array,
  opts: ReferenceImportOptions,
): ReferenceImportResult {
  return writePlan(db, opts, planFile(db, bytes, opts), new Map());
}

/**
 * As importReferenceFile, after compiling in the sandbox (module-level exec, as the scripts'
 * `exec(func)`) every function the file records past that point: cross-validated functions and
 * the functions of query and DPO rows. One that does not compile is stored dropped with the
 * compiler's message (code_dpo/1 l.41-44 skips it; code/7 l.39 would stop). Raw generations are
 * compiled by cross-validate, which drops a broken one with its cases.
 */
export async function importReferenceFileCompiled(
  db: Db,
  bytes: Uint8Array,
  opts: ReferenceImportOptions,
  pool: Pick<VerifierPool, "compile">,
): Promise<ReferenceImportResult> {
  const planned = planFile(db, bytes, opts);
  const sources = [
    ...new Set(planned.plan.instructions.flatMap((i) => i.verifiers.map((v) => v.source))),
  ];
  const limits = sandboxLimits(planned.config);
  const compiled = new Map(
    await Promise.all(
      sources.map(
        async (source) =>
          [source, await pool.compile({ language: "python", source }, limits)] as const,
      ),
    ),
  );
  return writePlan(db, opts, planned, compiled);
}

function planFile(db: Db, bytes: Uint8Array, opts: ReferenceImportOptions) {
  const { config } = getProject(db, opts.projectId);
  const read = readAutoifFile(bytes, opts.kind);
  if (!read.ok) throw fail(opts.fileName, read.problems);
  const plan = planReferenceImport(read.kind, read.lines);
  if (!plan.ok) throw fail(opts.fileName, plan.problems);
  return { config, kind: read.kind, lines: read.lines.length, plan };
}

function writePlan(
  db: Db,
  opts: ReferenceImportOptions,
  planned: ReturnType<typeof planFile>,
  compiled: ReadonlyMap<string, CompileResult>,
): ReferenceImportResult {
  const { config, plan } = planned;
  return writeTransaction(db, (tx) => {
    const existing = new Map<string, number | null>();
    const hashes = plan.instructions.map((i) => i.hash);
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = tx
        .select({ hash: instructions.normalizedHash, number: instructions.number })
        .from(instructions)
        .where(
          and(
            eq(instructions.projectId, opts.projectId),
            inArray(instructions.normalizedHash, hashes.slice(i, i + 500)),
          ),
        )
        .all();
      for (const r of rows) existing.set(r.hash, r.number);
    }
    const clashes = plan.instructions.filter((i) => existing.has(i.hash));
    if (clashes.length) {
      throw fail(
        opts.fileName,
        clashes.map((i) => ({
          line: i.line,
          field: "instruction",
          message: `already in the project as instruction #${existing.get(i.hash)}; an import adds instructions and never changes one (was this file imported before?)`,
        })),
      );
    }
    const result: ReferenceImportResult = {
      kind: planned.kind,
      lines: planned.lines,
      instructions: plan.instructions.length,
      generations: 0,
      skippedGenerations: [],
      verifiers: 0,
      testCases: 0,
      skippedCases: 0,
      queries: 0,
      samples: 0,
      responses: 0,
    };
    const queryIds = new Map<string, number>();
    for (const p of plan.instructions)
      writeInstruction(tx, opts, config, p, result, queryIds, compiled);
    killPoint("reference-import", opts.fileName);
    return result;
  });
}

const statusAt = (p: PlannedInstruction) =>
  p.dropReason
    ? "dropped"
    : p.stage === "verify-gen" || p.stage === "cross-validate"
      ? "pending"
      : "kept";

function writeInstruction(
  tx: Tx,
  opts: ReferenceImportOptions,
  config: PipelineConfig,
  p: PlannedInstruction,
  result: ReferenceImportResult,
  queryIds: Map<string, number>,
  compiled: ReadonlyMap<string, CompileResult>,
) {
  const { id: instructionId } = tx
    .insert(instructions)
    .values({
      projectId: opts.projectId,
      text: p.text,
      normalizedHash: p.hash,
      pipelineStage: p.stage,
      pipelineStatus: statusAt(p),
      dropReason: p.dropReason,
    })
    .returning({ id: instructions.id })
    .get();
  const insertCases = (cases: PlannedCase[], llmCallId: number | null, kept: boolean) => {
    if (!cases.length) return;
    tx.insert(testCases)
      .values(
        cases.map((c) => ({
          instructionId,
          input: c.input,
          expected: c.expected,
          expectedRaw: c.expectedRaw,
          origin: "llm" as const,
          llmCallId,
          pipelineStatus: kept ? ("kept" as const) : ("pending" as const),
        })),
      )
      .run();
    result.testCases += cases.length;
  };

  for (const g of p.generations) {
    // A generation is an LLM call made elsewhere: recorded with its text before anything uses it,
    // keyed apart from the requests our own client hashes.
    const key = createHash("sha256")
      .update(JSON.stringify([p.hash, g.index, g.raw]))
      .digest("hex");
    const now = new Date();
    const { id: callId } = tx
      .insert(llmCalls)
      .values({
        projectId: opts.projectId,
        requestHash: `import:${key}`,
        role: "generator",
        model: "imported",
        endpoint: `file:${opts.fileName}`,
        request: {
          imported: { file: opts.fileName, line: p.line, generation: g.index },
          messages: p.prompt === null ? [] : [{ role: "user", content: p.prompt }],
        },
        response: { attempts: 0, content: g.raw, finishReason: "imported", body: null },
        status: "completed",
        error: g.skipped,
        completedAt: now,
      })
      .returning({ id: llmCalls.id })
      .get();
    result.generations++;
    result.skippedCases += g.skippedCases.length;
    if (g.func === null) {
      result.skippedGenerations.push({
        line: p.line,
        generation: g.index + 1,
        reason: g.skipped ?? "",
      });
      continue;
    }
    tx.insert(verifiers)
      .values({
        instructionId,
        source: g.func,
        language: "python",
        origin: "llm",
        llmCallId: callId,
      })
      .run();
    result.verifiers++;
    insertCases(g.cases, callId, false);
  }

  if (p.verifiers.length) {
    const ids = tx
      .insert(verifiers)
      .values(
        p.verifiers.map((v) => {
          const c = compiled.get(v.source);
          const row = {
            instructionId,
            source: v.source,
            language: "python" as const,
            origin: "llm" as const,
            accuracy: v.accuracy,
            pipelineStatus: "kept" as const,
          };
          if (c === undefined) return row;
          if (c.ok) return { ...row, compileStatus: "ok" as const };
          const error = `${c.error.message} (line ${c.error.line}, column ${c.error.column})`;
          return {
            ...row,
            compileStatus: "error" as const,
            compileError: error,
            pipelineStatus: "dropped" as const,
            dropReason: `does not compile: ${error}`,
          };
        }),
      )
      .returning({ id: verifiers.id })
      .all();
    result.verifiers += ids.length;
    const back = p.verifiers.flatMap((v, i) =>
      v.backTranslation
        ? [
            {
              instructionId,
              verifierId: ids[i]!.id,
              text: v.backTranslation.text,
              judgeLabel: v.backTranslation.label,
            },
          ]
        : [],
    );
    if (back.length) tx.insert(backTranslations).values(back).run();
  }
  insertCases(p.cases, null, true);

  for (const s of p.samples) {
    const queryHash = instructionHash(s.query);
    let queryId =
      queryIds.get(queryHash) ??
      tx
        .select({ id: queries.id })
        .from(queries)
        .where(and(eq(queries.projectId, opts.projectId), eq(queries.normalizedHash, queryHash)))
        .get()?.id;
    if (queryId === undefined) {
      queryId = tx
        .insert(queries)
        .values({
          projectId: opts.projectId,
          text: s.query,
          normalizedHash: queryHash,
          sourceFile: opts.fileName,
          sourceLine: s.line,
          length: s.query.length,
        })
        .returning({ id: queries.id })
        .get().id;
      result.queries++;
    }
    queryIds.set(queryHash, queryId);
    const { id: sampleId } = tx
      .insert(samples)
      .values({ instructionId, queryId })
      .returning({ id: samples.id })
      .get();
    result.samples++;
    if (!s.responses.length) continue;
    tx.insert(responses)
      .values(
        s.responses.map((r, sampleIndex) => {
          if (!r.scoreSamples) return { sampleId, sampleIndex, text: r.text, passRate: r.passRate };
          // A scored row was kept by execution (the scripts score only those, code/7 l.65); the
          // project's score rule decides it as the score stage would (code: mean > 8, code/8 l.34).
          const score = meanScore(r.scoreSamples);
          const decision = decideResponse(1, score, config);
          return {
            sampleId,
            sampleIndex,
            text: r.text,
            scoreSamples: r.scoreSamples,
            score,
            pipelineStatus: decision.kept ? ("kept" as const) : ("dropped" as const),
            dropReason: decision.reason,
          };
        }),
      )
      .run();
    result.responses += s.responses.length;
  }
}
