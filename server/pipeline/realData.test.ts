// Our execute, score and pairs logic under the `code` preset, fed with the AutoIF reference
// scripts' real sample outputs (read in place; see the README in that folder) and checked against
// the decisions those files record.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { parseScore } from "@/lib/autoif/parse/score";
import { configForPreset } from "@/lib/autoif/presets";
import {
  decideResponse,
  meanScore,
  passRate,
  sameTextAs,
  selectPairs,
} from "@/lib/autoif/responseDecisions";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import { createVerifierPool, type VerifierPool } from "../sandbox/pool";
import { referenceSample } from "./testing/referenceSample";

const { dir: sampleDir, describeWithSample } = referenceSample();

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path.join(sampleDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => schema.parse(JSON.parse(line)));
}

const scoredRow = z.object({
  instruction: z.string(),
  query: z.string(),
  response: z.string(),
  gen: z.array(z.string()),
});
// `response` is [text, pass rate] per sampled response, in sample order.
const ratedRow = z.object({
  query: z.string(),
  response: z.array(z.tuple([z.string(), z.number()])),
});
const withFuncsRow = z.object({
  prompt: z.string(),
  eval_func: z.array(z.tuple([z.string(), z.number()])),
  "gpt-answer": z.array(z.string()),
});

const config = configForPreset("code");
const rated = () => readJsonl("dpo_query_eval_score_results.jsonl", ratedRow);
const rowKey = (r: { instruction: string; query: string; response: string }) =>
  JSON.stringify([r.instruction, r.query, r.response]);

describeWithSample("score filter on query_rft_score.jsonl (code preset)", () => {
  it("keeps exactly the rows the reference kept in query_score_filter.jsonl", () => {
    const scored = readJsonl("query_rft_score.jsonl", scoredRow);
    const referenceKept = new Set(readJsonl("query_score_filter.jsonl", scoredRow).map(rowKey));
    expect(scored).toHaveLength(20);
    expect(referenceKept.size).toBe(16);

    const ourKept = new Set<string>();
    const rejectedRows: number[] = [];
    for (const [i, row] of scored.entries()) {
      // 8_query_score_filiter.py: `re.findall(r'Score: (\d+?)$', each)`, no match -> left out, no scores -> 0.
      const ours = row.gen.map((g) => {
        const p = parseScore(g, config.score.parser);
        return p.ok ? p.value : null;
      });
      // Execution kept every scored row already (7_query_vertification.py scores only pass rate > 0), so pass rate 1.
      if (decideResponse(1, meanScore(ours), config).kept) ourKept.add(rowKey(row));
      else rejectedRows.push(i);
    }
    expect([...ourKept].sort()).toEqual([...referenceKept].sort());
    expect(rejectedRows).toHaveLength(4);
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
  {
    row: 3,
    js: `function evaluate(response) { const sentences = response.trim().split(/[.!?]+(?=\\s|$)/).filter((s) => s.trim() !== ""); return sentences.length === 1 && ${words} === 100; }`,
  },
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

describeWithSample("execution through the sandbox pool (code preset counting)", () => {
  let pool: VerifierPool;
  beforeAll(() => {
    pool = createVerifierPool({ size: 1 });
  });
  afterAll(() => pool.close());

  it("gives the pass rates dpo_query_eval_score_results.jsonl records for rows 3, 8, 10 and 12", async () => {
    for (const { row, js } of standIns) {
      const sample = rated()[row]!;
      const [outcomes] = await pool.evaluateMatrix(
        [js],
        sample.response.map(([text]) => text),
      );
      const ours = outcomes!.map((o) => passRate([o.verdict], config.execute.errorCounting));
      expect({ row, rates: ours }).toEqual({ row, rates: sample.response.map(([, rate]) => rate) });
    }
  });

  it("leaves the prime-list function out of every count and gives pass rate 0, as the reference script writes", async () => {
    const rows = readJsonl("dpo_query_w_funcs.jsonl", withFuncsRow);
    expect(new Set(rows.map((r) => r.eval_func[0]![0])).size).toBe(1);
    const answers = rows.flatMap((r) => r["gpt-answer"]);
    const [outcomes] = await pool.evaluateMatrix([primeListPort], answers);
    // Every answer is prose, so int() raises in Python and the port throws here.
    expect(new Set(outcomes!.map((o) => (o.verdict === "error" ? o.kind : o.verdict)))).toEqual(
      new Set(["thrown"]),
    );
    // The file records no pass rates; 1_dpo_rft_wash.py skips a raised call and an int('true')
    // failure alike, and writes `np.mean(acc) if acc else 0` (l.68): 0, which makes every answer a
    // DPO rejected candidate and drops it from SFT (code/7_query_vertification.py l.62, 65).
    const rates = outcomes!.map((o) => passRate([o.verdict], config.execute.errorCounting));
    expect(new Set(rates)).toEqual(new Set([0]));
    expect(new Set(rates.map((r) => decideResponse(r, undefined, config).executionKept))).toEqual(
      new Set([false]),
    );
    const withOnePassing = [
      { id: -1, passRate: 1 },
      ...rates.map((passRate, id) => ({ id, passRate })),
    ];
    const pairs = selectPairs(withOnePassing, config.pairs, 1);
    expect(pairs).toHaveLength(2);
    expect(pairs.every((p) => p.chosen === -1 && p.rejected >= 0)).toBe(true);
    // The port's string results are left out too, as int('true') is in the reference.
    const [strings] = await pool.evaluateMatrix([primeListPort], ["2, 3, 5", "4, 6"]);
    expect(strings!.map((o) => (o.verdict === "error" ? o.kind : o.verdict))).toEqual([
      "result",
      "result",
    ]);
  });
});

describeWithSample("DPO pairs on dpo_query_eval_score_results.jsonl (code preset)", () => {
  const seeds = Array.from({ length: 64 }, (_, i) => i);

  it("draws min(2, n) of each side's candidates (pass rate >= 0.5 / == 0) and keeps a set of (chosen text, rejected text)", () => {
    const rows = rated();
    expect(rows).toHaveLength(20);
    const counts: number[][] = [];
    for (const [row, sample] of rows.entries()) {
      const texts = sample.response.map(([text]) => text);
      // As sameTextKey does in SQL: responses with one text share the first one's id.
      const responses = sample.response.map(([text, rate], id) => ({
        id,
        passRate: rate,
        order: id,
        textKey: texts.indexOf(text),
      }));
      const positive = responses.filter((r) => r.passRate >= 0.5).map((r) => r.id);
      const negative = responses.filter((r) => r.passRate === 0).map((r) => r.id);
      const seen = new Set<number>();
      for (const seed of seeds) {
        // The same seed draws the same responses; without the set there are min(2, n) x min(2, n) pairs of ids.
        const drawn = selectPairs(responses, { ...config.pairs, distinctTexts: false }, seed);
        const both = positive.length > 0 && negative.length > 0;
        expect({ row, pairs: drawn.length }).toEqual({
          row,
          pairs: both ? Math.min(2, positive.length) * Math.min(2, negative.length) : 0,
        });
        const pairs = selectPairs(responses, config.pairs, seed);
        const textPairs = (ps: typeof pairs) =>
          ps.map((p) => JSON.stringify([texts[p.chosen], texts[p.rejected]]));
        // code_dpo/2 l.60-63: itertools.product of the draws, then set() of the text pairs.
        expect({ row, pairs: textPairs(pairs) }).toEqual({
          row,
          pairs: [...new Set(textPairs(drawn))],
        });
        expect(
          pairs.every((p) => positive.includes(p.chosen) && negative.includes(p.rejected)),
        ).toBe(true);
        seen.add(pairs.length);
      }
      counts.push([...seen].sort());
    }
    // Rows 3 and 12 (1 passing, 7 failing, all texts distinct): 1 x 2 = 2 pairs. Row 10 (2 passing
    // with one text, 6 failing with 4 texts): 1 chosen text x 1 or 2 rejected texts. Rows 8, 9 and
    // 15 (all passing) and the all-zero rows: none, the product with an empty side being empty.
    expect(counts).toEqual(
      rows.map((_, row) => (row === 3 || row === 12 ? [2] : row === 10 ? [1, 2] : [0])),
    );
  });
});

describeWithSample("SFT rows on query_rft.jsonl and query_score_filter.jsonl (code preset)", () => {
  it("keeps one row per distinct response text of a sample, as code/7 l.81 keeps a set", () => {
    const rows = readJsonl("query_rft.jsonl", z.object({ "gpt-answer": z.array(z.string()) }));
    let duplicates = 0;
    for (const [row, r] of rows.entries()) {
      const texts = r["gpt-answer"];
      // The Python functions cannot run here; every response is given pass rate 1, so only the set decides.
      const kept = texts.filter(
        (text, id) =>
          decideResponse(1, undefined, config, sameTextAs({ id, textKey: texts.indexOf(text) }))
            .executionKept,
      );
      expect({ row, kept: kept.length }).toEqual({ row, kept: new Set(texts).size });
      duplicates += texts.length - kept.length;
    }
    expect(duplicates).toBeGreaterThan(0);
  });

  it("joins query and instruction as code/9_sft_data_construction.py l.16-24 does, but for the doubled mark", () => {
    const rows = readJsonl("query_score_filter.jsonl", scoredRow);
    for (const { query, instruction } of rows) {
      const q = query[0]!.toUpperCase() + query.slice(1);
      const i = instruction[0]!.toUpperCase() + instruction.slice(1);
      const reference = q.includes("?") || q.includes(".") ? `${q} ${i}.` : `${q}. ${i}.`;
      // Ours adds no "." after an instruction that already ends a sentence (docs/pipeline.md says why).
      expect(sftPrompt(query, instruction)).toBe(
        /[.!?]$/.test(i) ? reference.slice(0, -1) : reference,
      );
    }
    // No instruction of this sample ends with a sentence mark, so here every prompt equals the reference's.
    expect(rows.filter((r) => /[.!?]$/.test(r.instruction))).toEqual([]);
    expect(new Set(rows.map((r) => /[?.]/.test(r.query))).size).toBe(2);
  });
});
