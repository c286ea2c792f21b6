// eval_func_rft.jsonl imported, then cross-validated in the Pyodide sandbox under the `code`
// preset: the functions, cases and instructions kept must be the ones code/3_cross_validation.py
// keeps on this data. The expectations below are code/3's rules (docs/pipeline.md, "The `code`
// preset against the reference scripts") applied to what each Python function returns on each
// case, written out per instruction so that a change of rule or of engine shows here.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import {
  instructions,
  llmCalls,
  responses,
  samples,
  testCases,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { configForPreset } from "@/lib/autoif/presets";
import { replayDecisions } from "@/lib/autoif/replay";
import { loadReplayInput } from "../pipeline/replay";
import { createRun } from "../pipeline/runs";
import { crossValidateInstruction } from "../pipeline/stages/crossValidateStage";
import { executeStage } from "../pipeline/stages/execute";
import type { StageContext, StageProgress } from "../pipeline/types";
import { referenceSample } from "../pipeline/testing/referenceSample";
import { createVerifierPool, type VerifierPool } from "../sandbox/pool";
import { createProject } from "./projects";
import { importReferenceFile, importReferenceFileCompiled } from "./referenceImport";

const { dir, describeWithSample } = referenceSample();
const config = configForPreset("code");

/** Per line of eval_func_rft.jsonl: what code/3 keeps. Generations are numbered from 1 in the line. */
const expected = [
  // 8 functions; 24 cases written, ["", false] twice (l.112 merges it); a case kept when any
  // function returns its boolean (l.121-144; "True"/"False" strings never equal one); accuracy
  // over the 16 kept cases (l.157-171), kept at >= 0.8 (l.174).
  {
    line: 1,
    functions: 8,
    cases: 23,
    keptCases: 16,
    kept: { 3: 15 / 16, 6: 13 / 16 },
    instructionKept: true,
  },
  // Generations 4 and 5 are not JSON (l.91-94), so 6 functions and their 18 cases.
  {
    line: 2,
    functions: 6,
    cases: 18,
    keptCases: 13,
    kept: { 1: 1, 6: 1, 8: 1 },
    instructionKept: true,
  },
  // No function reaches 0.8 on the 21 kept cases (the best: 14 of 21), so l.175 drops the instruction.
  { line: 3, functions: 8, cases: 24, keptCases: 21, kept: {}, instructionKept: false },
  // Generation 2 is not JSON; "wow mow" / true four times and "hello world" / false twice merge.
  {
    line: 4,
    functions: 7,
    cases: 17,
    keptCases: 13,
    kept: { 1: 1, 4: 1, 6: 1, 7: 11 / 13, 8: 1 },
    instructionKept: true,
  },
  // Generation 6 wrote generation 1's function again (l.111 merges it); the cases all differ.
  {
    line: 5,
    functions: 7,
    cases: 24,
    keptCases: 10,
    kept: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 7: 1, 8: 1 },
    instructionKept: true,
  },
];

let t: ReturnType<typeof createTestDb>;
let pool: VerifierPool;
beforeAll(() => {
  t = createTestDb();
  pool = createVerifierPool({ size: 1 });
});
afterAll(async () => {
  await pool.close();
  t.cleanup();
});

describeWithSample("eval_func_rft.jsonl cross-validated in Pyodide at the code preset", () => {
  it(
    "keeps the cases, functions and instructions code/3 keeps, and replay at the code preset decides the same",
    { timeout: 600_000 },
    async () => {
      const projectId = createProject(t.db, { name: "Replay of the reference", preset: "code" }).id;
      importReferenceFile(t.db, fs.readFileSync(path.join(dir, "eval_func_rft.jsonl")), {
        projectId,
        fileName: "eval_func_rft.jsonl",
      });
      const ids = t.db
        .select({ id: instructions.id })
        .from(instructions)
        .where(eq(instructions.projectId, projectId))
        .orderBy(asc(instructions.id))
        .all()
        .map((r) => r.id);
      for (const id of ids) await crossValidateInstruction(t.db, pool, id, config);

      const generationOf = new Map(
        t.db
          .select({ id: llmCalls.id, request: llmCalls.request })
          .from(llmCalls)
          .all()
          .map((c) => [
            c.id,
            (c.request as { imported: { generation: number } }).imported.generation + 1,
          ]),
      );
      const observed = ids.map((id, n) => {
        const fns = t.db
          .select({
            callId: verifiers.llmCallId,
            status: verifiers.pipelineStatus,
            reason: verifiers.dropReason,
            accuracy: verifiers.accuracy,
            compile: verifiers.compileStatus,
          })
          .from(verifiers)
          .where(eq(verifiers.instructionId, id))
          .all();
        const cases = t.db
          .select({ status: testCases.pipelineStatus, reason: testCases.dropReason })
          .from(testCases)
          .where(eq(testCases.instructionId, id))
          .all();
        const ins = t.db
          .select({ status: instructions.pipelineStatus, stage: instructions.pipelineStage })
          .from(instructions)
          .where(eq(instructions.id, id))
          .get()!;
        expect(new Set(fns.map((f) => f.compile))).toEqual(new Set(["ok"]));
        return {
          line: n + 1,
          functions: fns.filter((f) => !f.reason?.startsWith("duplicate of")).length,
          cases: cases.filter((c) => !c.reason?.startsWith("duplicate of")).length,
          keptCases: cases.filter((c) => c.status === "kept").length,
          kept: Object.fromEntries(
            fns
              .filter((f) => f.status === "kept")
              .map((f) => [generationOf.get(f.callId!)!, f.accuracy]),
          ),
          instructionKept: ins.status === "pending" && ins.stage === "cross-validate",
        };
      });
      expect(observed).toEqual(expected);

      // Replay recomputes the same decisions from the stored case matrix, without running anything.
      const replay = replayDecisions(loadReplayInput(t.db, projectId), config);
      expect(replay.instructions.map((i) => i.kept)).toEqual(
        expected.map((e) => e.instructionKept),
      );
      expect(
        replay.instructions.map((i) => i.crossValidation.cases.filter((c) => c.kept).length),
      ).toEqual(expected.map((e) => e.keptCases));
      expect(
        replay.instructions.map((i) => i.crossValidation.functions.filter((f) => f.kept).length),
      ).toEqual(expected.map((e) => Object.keys(e.kept).length));
    },
  );
});

describeWithSample("functions imported past cross-validation", () => {
  it(
    "compile in the sandbox at import, and replay leaves those instructions as the file decided them",
    { timeout: 600_000 },
    async () => {
      const projectId = createProject(t.db, {
        name: "Imported past cross-validation",
        preset: "code",
      }).id;
      const result = await importReferenceFileCompiled(
        t.db,
        fs.readFileSync(path.join(dir, "query_rft.jsonl")),
        { projectId, fileName: "query_rft.jsonl" },
        pool,
      );
      expect(result).toMatchObject({ instructions: 2, verifiers: 5 });
      const fns = t.db
        .select({ compile: verifiers.compileStatus, status: verifiers.pipelineStatus })
        .from(verifiers)
        .innerJoin(instructions, eq(instructions.id, verifiers.instructionId))
        .where(eq(instructions.projectId, projectId))
        .all();
      expect(fns).toEqual(Array(5).fill({ compile: "ok", status: "kept" }));
      await importReferenceFileCompiled(
        t.db,
        fs.readFileSync(path.join(dir, "back_trans.jsonl")),
        { projectId, fileName: "back_trans.jsonl" },
        pool,
      );
      // back_trans.jsonl's first row keeps 6 cases (code/3 checks 10 before filtering, l.113): a
      // replay from its kept cases alone would drop it, so replay does not decide these at all.
      expect(loadReplayInput(t.db, projectId)).toEqual([]);
    },
  );
});

describeWithSample("dpo_query_w_funcs.jsonl executed in Pyodide at the code preset", () => {
  it(
    "gives every response pass rate 0, as code_dpo/1 writes: the prime-list function raises on prose and its 'true'/'false' strings are no booleans",
    { timeout: 600_000 },
    async () => {
      const projectId = createProject(t.db, { name: "DPO functions", preset: "code" }).id;
      await importReferenceFileCompiled(
        t.db,
        fs.readFileSync(path.join(dir, "dpo_query_w_funcs.jsonl")),
        { projectId, fileName: "dpo_query_w_funcs.jsonl" },
        pool,
      );
      const progress: StageProgress = {
        setTotal: () => {},
        unitDone: () => {},
        unitFailed: (key, error) => {
          throw new Error(`${key}: ${error}`);
        },
        status: () => {},
      };
      await executeStage({
        db: t.db,
        runId: createRun(t.db, { projectId }).id,
        projectId,
        config,
        llm: undefined as never,
        pool,
        progress,
        signal: new AbortController().signal,
      } satisfies StageContext);
      const rows = t.db
        .select({
          passRate: responses.passRate,
          status: responses.pipelineStatus,
          reason: responses.dropReason,
          outcome: verifierResults.outcome,
          error: verifierResults.error,
        })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .innerJoin(instructions, eq(instructions.id, samples.instructionId))
        .innerJoin(
          verifierResults,
          and(
            eq(verifierResults.targetKind, "response"),
            eq(verifierResults.targetId, responses.id),
          ),
        )
        .where(eq(instructions.projectId, projectId))
        .all();
      expect(rows).toHaveLength(168);
      // l.56 raises (int() of prose: ValueError) or l.63-67 cannot int() a 'true'/'false' string: nothing counted, `np.mean(acc) if acc else 0` (l.68).
      expect(new Set(rows.map((r) => r.outcome))).toEqual(new Set(["error"]));
      expect(
        rows.filter(
          (r) => !/ValueError: invalid literal for int\(\)|not True or False/.test(r.error ?? ""),
        ),
      ).toEqual([]);
      expect(new Set(rows.map((r) => `${r.passRate} ${r.status}`))).toEqual(new Set(["0 dropped"]));
    },
  );
});
