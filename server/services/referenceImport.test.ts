// Imports of the AutoIF reference scripts' own files (their sample outputs, read in place) and of
// hostile files. What each file must give is read off the file and the scripts' rules
// (docs/pipeline.md lists them), not off our own output.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { asc, count, eq } from "drizzle-orm";
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
import { createTestDb } from "@/db/testing/testDb";
import { InvalidInputError } from "../errors";
import { referenceSample } from "../pipeline/testing/referenceSample";
import { createProject } from "./projects";
import { importReferenceFile } from "./referenceImport";

const { dir, describeWithSample } = referenceSample();
const sample = (file: string) => fs.readFileSync(path.join(dir, file));
const sampleRows = <T>(file: string) =>
  sample(file)
    .toString("utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

let t: ReturnType<typeof createTestDb>;
let projectId: number;
beforeEach(() => {
  t = createTestDb();
  projectId = createProject(t.db, { name: "Imported", preset: "code" }).id;
});
afterEach(() => t.cleanup());

const load = (file: string, kind?: Parameters<typeof importReferenceFile>[2]["kind"]) =>
  importReferenceFile(t.db, sample(file), { projectId, fileName: file, kind });
const rowsOf = (
  table:
    | typeof instructions
    | typeof verifiers
    | typeof testCases
    | typeof llmCalls
    | typeof responses
    | typeof queries
    | typeof samples
    | typeof backTranslations,
) => t.db.select({ n: count() }).from(table).get()!.n;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error("the import was not refused");
};

describeWithSample("eval_func_rft.jsonl (raw generations)", () => {
  it("records every generation, a function and its cases from each the scripts read, and why it skips the rest", () => {
    const file = sampleRows<{ instruction: string; "gpt-answer": string[] }>("eval_func_rft.jsonl");
    const result = load("eval_func_rft.jsonl");
    expect(result).toMatchObject({
      kind: "raw-generations",
      lines: 5,
      instructions: 5,
      generations: 40,
      verifiers: 37,
      testCases: 111,
      skippedCases: 0,
      queries: 0,
      responses: 0,
    });
    // Read off the file: line 2's 4th block has `\'` and its 5th a Python `True`, line 4's 2nd a
    // Python `True`; json.loads refuses them all (code/3 l.91-94).
    expect(result.skippedGenerations.map((s) => [s.line, s.generation])).toEqual([
      [2, 4],
      [2, 5],
      [4, 2],
    ]);
    for (const s of result.skippedGenerations)
      expect(s.reason).toMatch(
        /^invalid JSON in the ```json block \(.+\); code\/3 l\.91-94 skips the generation$/,
      );

    const ins = t.db
      .select({
        id: instructions.id,
        text: instructions.text,
        stage: instructions.pipelineStage,
        status: instructions.pipelineStatus,
      })
      .from(instructions)
      .orderBy(asc(instructions.id))
      .all();
    expect(ins.map((i) => [i.text, i.stage, i.status])).toEqual(
      file.map((r) => [r.instruction, "verify-gen", "pending"]),
    );
    const fns = t.db
      .select({
        source: verifiers.source,
        language: verifiers.language,
        origin: verifiers.origin,
        callId: verifiers.llmCallId,
        compile: verifiers.compileStatus,
      })
      .from(verifiers)
      .all();
    expect(new Set(fns.map((f) => `${f.language} ${f.origin} ${f.compile}`))).toEqual(
      new Set(["python llm unknown"]),
    );
    expect(fns.every((f) => f.source.startsWith("def ") && f.source === f.source.trim())).toBe(
      true,
    );
    // Every generation is an LLM call made elsewhere, kept with its text; the skipped ones say why.
    const calls = t.db
      .select({
        id: llmCalls.id,
        response: llmCalls.response,
        error: llmCalls.error,
        model: llmCalls.model,
      })
      .from(llmCalls)
      .orderBy(asc(llmCalls.id))
      .all();
    expect(calls.map((c) => (c.response as { content: string }).content)).toEqual(
      file.flatMap((r) => r["gpt-answer"]),
    );
    expect(calls.filter((c) => c.error !== null)).toHaveLength(3);
    expect(new Set(fns.map((f) => f.callId)).size).toBe(37);
    // Cases keep what the generation wrote: line 1's 2nd generation wrote the strings "True"/"False".
    const second = t.db
      .select({ input: testCases.input, raw: testCases.expectedRaw })
      .from(testCases)
      .where(eq(testCases.llmCallId, calls[1]!.id))
      .all();
    expect(second).toEqual([
      { input: "Apple = 2 units. Banana = 3 units. Carrot = 5 units.", raw: '"True"' },
      { input: "Almonds = 100g. Bread = 2 slices. Cake = 1 piece.", raw: '"True"' },
      { input: "Chocolate = 10 bars. Apples = 5 units.", raw: '"False"' },
    ]);
  });

  it("refuses the same file again, naming each line whose instruction is there, and writes nothing", () => {
    load("eval_func_rft.jsonl");
    const before = [rowsOf(instructions), rowsOf(verifiers), rowsOf(testCases), rowsOf(llmCalls)];
    const e = refusal(() => load("eval_func_rft.jsonl"));
    expect(e.message).toMatch(
      /^eval_func_rft\.jsonl: nothing was imported\. line 1, field "instruction": already in the project as instruction #1; .*\(4 more listed below\)\.$/,
    );
    expect(e.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
    expect([rowsOf(instructions), rowsOf(verifiers), rowsOf(testCases), rowsOf(llmCalls)]).toEqual(
      before,
    );
  });

  it("imports a file ten times the sample's size whole, as one transaction", () => {
    const lines = sample("eval_func_rft.jsonl").toString("utf8").split("\n").filter(Boolean);
    const big = Array.from({ length: 10 }, (_, copy) =>
      lines.map((l) => {
        const row = JSON.parse(l) as { instruction: string };
        return JSON.stringify({ ...row, instruction: `${row.instruction} (copy ${copy + 1})` });
      }),
    )
      .flat()
      .join("\n");
    const result = importReferenceFile(t.db, Buffer.from(big), {
      projectId,
      fileName: "big.jsonl",
    });
    expect(result).toMatchObject({
      lines: 50,
      instructions: 50,
      generations: 400,
      verifiers: 370,
      testCases: 1110,
    });
    expect(result.skippedGenerations).toHaveLength(30);
  });
});

describeWithSample("back_trans.jsonl (cross-validated functions)", () => {
  it("keeps the functions with the accuracy the file records, the cases, and the back-translations of the first 3 functions (code/4 l.38)", () => {
    const file = sampleRows<{
      instruction: string;
      eval_func: Array<[string, number]>;
      cases: Array<[string, boolean]>;
      back_instruction: string[];
    }>("back_trans.jsonl");
    expect(load("back_trans.jsonl")).toMatchObject({
      kind: "cross-validated",
      instructions: 5,
      verifiers: 22,
      testCases: 66,
      generations: 0,
    });
    const ins = t.db
      .select({
        id: instructions.id,
        text: instructions.text,
        stage: instructions.pipelineStage,
        status: instructions.pipelineStatus,
      })
      .from(instructions)
      .orderBy(asc(instructions.id))
      .all();
    expect(ins.map((i) => [i.text, i.stage, i.status])).toEqual(
      file.map((r) => [r.instruction, "cross-validate", "pending"]),
    );
    for (const [n, row] of file.entries()) {
      const fns = t.db
        .select({
          id: verifiers.id,
          source: verifiers.source,
          accuracy: verifiers.accuracy,
          status: verifiers.pipelineStatus,
          language: verifiers.language,
        })
        .from(verifiers)
        .where(eq(verifiers.instructionId, ins[n]!.id))
        .orderBy(asc(verifiers.id))
        .all();
      expect(fns.map((f) => [f.source, f.accuracy, f.status, f.language])).toEqual(
        row.eval_func.map(([s, a]) => [s, a, "kept", "python"]),
      );
      const cases = t.db
        .select({
          input: testCases.input,
          expected: testCases.expected,
          status: testCases.pipelineStatus,
        })
        .from(testCases)
        .where(eq(testCases.instructionId, ins[n]!.id))
        .orderBy(asc(testCases.id))
        .all();
      expect(cases.map((c) => [c.input, c.expected])).toEqual(row.cases);
      expect(new Set(cases.map((c) => c.status))).toEqual(new Set(["kept"]));
      const back = t.db
        .select({
          verifierId: backTranslations.verifierId,
          text: backTranslations.text,
          label: backTranslations.judgeLabel,
        })
        .from(backTranslations)
        .where(eq(backTranslations.instructionId, ins[n]!.id))
        .orderBy(asc(backTranslations.id))
        .all();
      expect(back).toEqual(
        row.back_instruction
          .slice(0, 3)
          .map((text, i) => ({ verifierId: fns[i]!.id, text, label: null })),
      );
    }
  });

  it("reads code/5's NLI labels when the row has them and drops an instruction a back-translation contradicts (code/5 l.64)", () => {
    const [first, second] = sampleRows<Record<string, unknown>>("back_trans.jsonl");
    const text = [
      { ...first, nli_scores: ["entailment", "neutral", "entailment"] },
      { ...second, nli_scores: ["entailment", "contradiction", "entailment"] },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    importReferenceFile(t.db, Buffer.from(text), {
      projectId,
      fileName: "back_trans_fliter.jsonl",
    });
    const ins = t.db
      .select({
        stage: instructions.pipelineStage,
        status: instructions.pipelineStatus,
        reason: instructions.dropReason,
      })
      .from(instructions)
      .orderBy(asc(instructions.id))
      .all();
    expect(ins).toEqual([
      { stage: "back-translate", status: "kept", reason: null },
      {
        stage: "back-translate",
        status: "dropped",
        reason: "back-translation: a back-translated instruction contradicts it (code/5 l.64)",
      },
    ]);
    expect(
      t.db
        .select({ label: backTranslations.judgeLabel })
        .from(backTranslations)
        .all()
        .map((b) => b.label),
    ).toEqual(["entail", "neutral", "entail", "entail", "contradict", "entail"]);
  });
});

describeWithSample(
  "query_rft.jsonl and dpo_query_w_funcs.jsonl (instructions with functions and responses)",
  () => {
    it("makes one instruction per instruction text, one sample per query (code/7 l.72's reading of the prompt) and the responses in order", () => {
      const file = sampleRows<{ prompt: string; instruction: string; "gpt-answer": string[] }>(
        "query_rft.jsonl",
      );
      expect(load("query_rft.jsonl")).toMatchObject({
        kind: "query-responses",
        lines: 20,
        instructions: 2,
        verifiers: 5,
        testCases: 9,
        queries: 20,
        samples: 20,
        responses: 320,
      });
      const rows = t.db
        .select({
          instruction: instructions.text,
          stage: instructions.pipelineStage,
          status: instructions.pipelineStatus,
          query: queries.text,
          sampleId: samples.id,
        })
        .from(samples)
        .innerJoin(instructions, eq(instructions.id, samples.instructionId))
        .innerJoin(queries, eq(queries.id, samples.queryId))
        .orderBy(asc(samples.id))
        .all();
      expect(rows.map((r) => [r.instruction, r.query, r.stage, r.status])).toEqual(
        file.map((r) => [
          r.instruction,
          r.prompt.slice(r.prompt.indexOf("[Query]") + 7).trim(),
          "respond",
          "kept",
        ]),
      );
      for (const [n, r] of rows.entries()) {
        const texts = t.db
          .select({ text: responses.text, index: responses.sampleIndex })
          .from(responses)
          .where(eq(responses.sampleId, r.sampleId))
          .orderBy(asc(responses.sampleIndex))
          .all();
        expect(texts.map((x) => x.text)).toEqual(file[n]!["gpt-answer"]);
      }
    });

    it("tells a DPO prompt's instruction (the text its rows share) from its query", () => {
      expect(load("dpo_query_w_funcs.jsonl")).toMatchObject({
        kind: "dpo-functions",
        lines: 21,
        instructions: 1,
        verifiers: 1,
        samples: 21,
        responses: 168,
      });
      expect(t.db.select({ text: instructions.text }).from(instructions).all()).toEqual([
        { text: "Write the response as a sequential list of prime numbers." },
      ]);
      const qs = t.db
        .select({ text: queries.text })
        .from(queries)
        .orderBy(asc(queries.id))
        .all()
        .map((q) => q.text);
      expect(qs[0]).toBe(
        "What are the advantages of delivering software as web applications (vs apps installed in users’ computers)?",
      );
      expect(qs).toContain("can you rewrite this text :");
    });
  },
);

describeWithSample("dpo_query_eval_score_results.jsonl (DPO rows with pass rates)", () => {
  it("keeps each response's recorded pass rate in order, under an instruction told from the prompt's first sentence", () => {
    const file = sampleRows<{ query: string; response: Array<[string, number]> }>(
      "dpo_query_eval_score_results.jsonl",
    );
    expect(load("dpo_query_eval_score_results.jsonl")).toMatchObject({
      kind: "dpo-rated",
      lines: 20,
      samples: 20,
      responses: 160,
      verifiers: 0,
    });
    const stored = t.db
      .select({
        instruction: instructions.text,
        stage: instructions.pipelineStage,
        query: queries.text,
        text: responses.text,
        passRate: responses.passRate,
      })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .innerJoin(instructions, eq(instructions.id, samples.instructionId))
      .innerJoin(queries, eq(queries.id, samples.queryId))
      .orderBy(asc(samples.id), asc(responses.sampleIndex))
      .all();
    // Samples of one instruction are written together, so compare per sample: each row's responses in order.
    const bySample = (rows: Array<Array<[string, number | null]>>) =>
      rows.map((r) => JSON.stringify(r)).sort();
    const groups = new Map<string, Array<[string, number | null]>>();
    for (const r of stored)
      groups.set(`${r.instruction}|${r.query}`, [
        ...(groups.get(`${r.instruction}|${r.query}`) ?? []),
        [r.text, r.passRate],
      ]);
    const storedSamples = [...groups.values()];
    expect(bySample(storedSamples)).toEqual(bySample(file.map((row) => row.response)));
    expect(stored[0]).toMatchObject({
      instruction: "Formulate your response using only words that contain the letter 'T'.",
      stage: "execute",
      query:
        "I want to learn different type of expressions in british english which are explains thing will happen in future",
    });
    // "Keep your entire response under ten characters." opens rows 2, 14 and 19: one instruction, three samples.
    const tenChars = stored.filter(
      (r) => r.instruction === "Keep your entire response under ten characters.",
    );
    expect(new Set(tenChars.map((r) => r.query)).size).toBe(3);
  });
});

describeWithSample("query_rft_score.jsonl (scored rows)", () => {
  it("keeps by the project's score rule (code: mean of code/8's regex > 8) exactly the rows query_score_filter.jsonl holds", () => {
    expect(load("query_rft_score.jsonl")).toMatchObject({
      kind: "scored",
      lines: 20,
      responses: 20,
    });
    const key = (r: { instruction: string; query: string; response: string }) =>
      JSON.stringify([r.instruction, r.query, r.response]);
    const filtered = new Set(
      sampleRows<{ instruction: string; query: string; response: string }>(
        "query_score_filter.jsonl",
      ).map(key),
    );
    const stored = t.db
      .select({
        instruction: instructions.text,
        query: queries.text,
        response: responses.text,
        status: responses.pipelineStatus,
        reason: responses.dropReason,
      })
      .from(responses)
      .innerJoin(samples, eq(samples.id, responses.sampleId))
      .innerJoin(instructions, eq(instructions.id, samples.instructionId))
      .innerJoin(queries, eq(queries.id, samples.queryId))
      .all();
    expect(
      stored
        .filter((r) => r.status === "kept")
        .map(key)
        .sort(),
    ).toEqual([...filtered].sort());
    expect(stored.filter((r) => r.status === "dropped").map((r) => r.reason)).toEqual(
      Array(4).fill(expect.stringMatching(/^score \d+\.\d, needs > 8$/)),
    );
  });
});

it("refuses a file of the wrong kind when the kind is named, with the line and field", () => {
  const e = refusal(() =>
    importReferenceFile(
      t.db,
      Buffer.from(`${JSON.stringify({ instruction: "Be brief", "gpt-answer": [] })}\n`),
      { projectId, fileName: "x.jsonl", kind: "query-responses" },
    ),
  );
  expect(e.problems[0]).toMatchObject({ line: 1, field: "prompt" });
  expect(rowsOf(instructions)).toBe(0);
});

it("refuses a file whose lines repeat an instruction of a raw-generations file, and one query twice for one instruction", () => {
  const raw = (instruction: string) => JSON.stringify({ instruction, "gpt-answer": [] });
  expect(
    refusal(() =>
      importReferenceFile(t.db, Buffer.from([raw("Be brief"), raw("be brief.")].join("\n")), {
        projectId,
        fileName: "x.jsonl",
      }),
    ).problems,
  ).toEqual([
    {
      line: 2,
      field: "instruction",
      message:
        "the same instruction as line 1; each line of a raw-generations file is its own instruction",
    },
  ]);
  const q = (query: string) =>
    JSON.stringify({
      prompt: `[instruction] Be brief\n[Query] ${query}`,
      instruction: "Be brief",
      eval_func: [["def evaluate(r):\n    return True", 1]],
      "gpt-answer": ["ok"],
    });
  expect(
    refusal(() =>
      importReferenceFile(t.db, Buffer.from([q("What is up?"), q("what  is UP?")].join("\n")), {
        projectId,
        fileName: "q.jsonl",
      }),
    ).problems,
  ).toEqual([
    { line: 2, field: "prompt", message: "the same query as line 1 for the same instruction" },
  ]);
  expect(rowsOf(instructions) + rowsOf(queries)).toBe(0);
});
