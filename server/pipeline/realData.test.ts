// Our execute, score and pairs logic under the `code` preset, fed with the AutoIF reference
// scripts' real sample outputs (read in place; see the README in that folder) and checked against
// the decisions those files record.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseScore } from "@/lib/autoif/parse/score";
import { configForPreset } from "@/lib/autoif/presets";
import { decideResponse, meanScore, passRate, selectPairs } from "@/lib/autoif/responseDecisions";
import { createVerifierPool, type VerifierPool } from "../sandbox/pool";

const sampleDir = path.join(process.cwd(), "..", "shared", "data", "autoif-sample");
if (!existsSync(sampleDir)) {
  throw new Error(`AutoIF sample data not found at ${sampleDir}: this test reads the reference outputs from ../shared/data/autoif-sample/ beside the clone`);
}

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path.join(sampleDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => schema.parse(JSON.parse(line)));
}

const scoredRow = z.object({ instruction: z.string(), query: z.string(), response: z.string(), gen: z.array(z.string()) });
// `response` is [text, pass rate] per sampled response, in sample order.
const ratedRow = z.object({ query: z.string(), response: z.array(z.tuple([z.string(), z.number()])) });
const withFuncsRow = z.object({ prompt: z.string(), eval_func: z.array(z.tuple([z.string(), z.number()])), "gpt-answer": z.array(z.string()) });

const config = configForPreset("code");
const rated = readJsonl("dpo_query_eval_score_results.jsonl", ratedRow);
const rowKey = (r: { instruction: string; query: string; response: string }) => JSON.stringify([r.instruction, r.query, r.response]);

describe("score filter on query_rft_score.jsonl (code preset)", () => {
  it("keeps exactly the rows the reference kept in query_score_filter.jsonl", () => {
    const scored = readJsonl("query_rft_score.jsonl", scoredRow);
    const referenceKept = new Set(readJsonl("query_score_filter.jsonl", scoredRow).map(rowKey));
    expect(scored).toHaveLength(20);
    expect(referenceKept.size).toBe(16);

    const ourKept = new Set<string>();
    const parserDisagreements: string[] = [];
    for (const row of scored) {
      const ours = row.gen.map((g) => { const p = parseScore(g); return p.ok ? p.value : null; });
      // 8_query_score_filiter.py: `re.findall(r'Score: (\d+?)$', each)`, no match -> left out, no scores -> 0.
      const strict = row.gen.flatMap((g) => { const m = /Score: (\d+?)$/.exec(g); return m ? [Number(m[1])] : []; });
      if (JSON.stringify(ours.filter((s) => s !== null)) !== JSON.stringify(strict)) parserDisagreements.push(rowKey(row));
      // Execution kept every scored row already (7_query_vertification.py scores only pass rate > 0), so pass rate 1.
      if (decideResponse(1, meanScore(ours), config).kept) ourKept.add(rowKey(row));
    }
    // On this sample every judge ends with a bare `Score: N` line, so the tolerant parser reads
    // the same numbers as the reference regex; a new difference must be looked at, not absorbed.
    expect(parserDisagreements).toEqual([]);
    expect([...ourKept].sort()).toEqual([...referenceKept].sort());
  });
});

// dpo_query_eval_score_results.jsonl records pass rates but not the functions that produced them
// (dpo_query_w_funcs.jsonl, the only file pairing DPO responses with Python functions, holds other
// prompts). So for these rows the JavaScript verifiers are written from the instruction, as verify-gen
// would, and only where the instruction is mechanical enough that any faithful function agrees:
//   3  "single sentence ... precisely hundred words" (mixed: 1 of 8 passes)
//   8  "under 50 characters total" (all 8 pass)
//  10  "exactly ten words" (mixed: 2 of 8)
//  12  "exactly ten words" (mixed: 1 of 8)
// Word counts use `split(/\s+/)` without empty strings, which is Python's `str.split()` for this text.
// Left out: row 9 ("under 25 words") records 1.0 for a response of exactly 25 words, so its
// unknown Python function counted differently from the instruction's plain reading.
const words = "response.split(/\\s+/).filter(Boolean).length";
const standIns: Array<{ row: number; js: string }> = [
  { row: 3, js: `function evaluate(response) { const sentences = response.trim().split(/[.!?]+(?=\\s|$)/).filter((s) => s.trim() !== ""); return sentences.length === 1 && ${words} === 100; }` },
  { row: 8, js: "function evaluate(response) { return response.length < 50; }" },
  { row: 10, js: `function evaluate(response) { return ${words} === 10; }` },
  { row: 12, js: `function evaluate(response) { return ${words} === 10; }` },
];

// A line-for-line port of the one Python function in dpo_query_w_funcs.jsonl ("a sequential list of
// prime numbers"). It returns the strings 'true'/'false', as the Python does, and throws where
// Python's int() raises ValueError (anything but optional whitespace, a sign and digits).
const primeListPort = `function evaluate(response) {
  function isPrime(n) {
    if (n <= 1) return false;
    if (n === 2 || n === 3) return true;
    if (n % 2 === 0 || n % 3 === 0) return false;
    for (let i = 5; i * i <= n; i += 6) if (n % i === 0 || n % (i + 2) === 0) return false;
    return true;
  }
  function pyInt(text) {
    const t = text.trim();
    if (!/^[+-]?\\d+(_\\d+)*$/.test(t)) throw new Error("invalid literal for int() with base 10: " + JSON.stringify(text));
    return Number(t.replace(/_/g, ""));
  }
  const primes = response.split(",").map(pyInt);
  return primes.every(isPrime) && primes.length > 1 ? "true" : "false";
}`;

describe("execution through the sandbox pool (code preset counting)", () => {
  let pool: VerifierPool;
  beforeAll(() => {
    pool = createVerifierPool({ size: 1 });
  });
  afterAll(() => pool.close());

  it("gives the pass rates dpo_query_eval_score_results.jsonl records for rows 3, 8, 10 and 12", async () => {
    for (const { row, js } of standIns) {
      const sample = rated[row]!;
      const [outcomes] = await pool.evaluateMatrix([js], sample.response.map(([text]) => text));
      const ours = outcomes!.map((o) => passRate([o.verdict], config.execute.errorCounting));
      expect({ row, rates: ours }).toEqual({ row, rates: sample.response.map(([, rate]) => rate) });
    }
  });

  it("leaves the prime-list function out of every count where the reference script writes pass rate 0", async () => {
    const rows = readJsonl("dpo_query_w_funcs.jsonl", withFuncsRow);
    expect(new Set(rows.map((r) => r.eval_func[0]![0])).size).toBe(1);
    const answers = rows.flatMap((r) => r["gpt-answer"]);
    const [outcomes] = await pool.evaluateMatrix([primeListPort], answers);
    // Every answer is prose, so int() raises in Python and the port throws here.
    expect(new Set(outcomes!.map((o) => (o.verdict === "error" ? o.kind : o.verdict)))).toEqual(new Set(["thrown"]));
    // The file records no pass rates; 1_dpo_rft_wash.py skips a raised call and an int('true')
    // failure alike, and writes `np.mean(acc) if acc else 0`: 0, which makes every answer a DPO
    // rejected candidate. Our "excluded" rule gives no pass rate at all, so none becomes a rejected
    // candidate (selectPairs skips null) and the response is dropped with "no verifier result counted".
    expect(new Set(outcomes!.map((o) => passRate([o.verdict], config.execute.errorCounting)))).toEqual(new Set([null]));
    expect(selectPairs(answers.map((_, id) => ({ id, passRate: null })), config.pairs, 1)).toEqual([]);
    // The port's string results are left out too, as int('true') is in the reference.
    const [strings] = await pool.evaluateMatrix([primeListPort], ["2, 3, 5", "4, 6"]);
    expect(strings!.map((o) => (o.verdict === "error" ? o.kind : o.verdict))).toEqual(["result", "result"]);
  });
});

describe("DPO pairs on dpo_query_eval_score_results.jsonl (code preset)", () => {
  const seeds = Array.from({ length: 64 }, (_, i) => i);

  it("draws from the reference's candidates (pass rate >= 0.5 / == 0) and pairs 2x2, 1x1 or none", () => {
    expect(rated).toHaveLength(20);
    const counts: number[] = [];
    for (const [row, sample] of rated.entries()) {
      const responses = sample.response.map(([, rate], id) => ({ id, passRate: rate, order: id }));
      const positive = responses.filter((r) => r.passRate >= 0.5).map((r) => r.id);
      const negative = responses.filter((r) => r.passRate === 0).map((r) => r.id);
      const expected = positive.length >= 2 && negative.length >= 2 ? 4 : positive.length >= 1 && negative.length >= 1 ? 1 : 0;
      // Across many seeds every candidate is drawn at least once and nothing else ever is.
      const draws = seeds.map((seed) => selectPairs(responses, config.pairs, seed));
      for (const pairs of draws) expect({ row, pairs: pairs.length }).toEqual({ row, pairs: expected });
      if (expected > 0) {
        expect({ row, chosen: [...new Set(draws.flat().map((p) => p.chosen))].sort((a, b) => a - b) }).toEqual({ row, chosen: positive });
        expect({ row, rejected: [...new Set(draws.flat().map((p) => p.rejected))].sort((a, b) => a - b) }).toEqual({ row, rejected: negative });
      }
      counts.push(expected);
    }
    // Rows 3 and 12 (1 passing, 7 failing): ours 1x1. 2_dpo_data_query_construct.py tests
    // `len(pos) >= 2 or len(neg) >= 2`, samples min(2, n) of each and so writes 1x2 = 2 pairs.
    // Rows 8, 9 and 15 (8 passing, none failing) and the all-zero rows: no pairs in either; the
    // reference takes its 2x2 branch there but the product with an empty side is empty.
    // Row 10 (2 passing, 6 failing): 2x2 in both. Its two passing responses have the same text and
    // the reference dedupes (chosen, rejected) text pairs with set(), leaving 2 (or 1) pairs; we pair
    // response ids, so our 4 pairs hold 2 distinct texts on the chosen side.
    expect(counts).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});
