import { configForPreset } from "@/lib/autoif/presets";
import type { Db } from "../client";

export interface ReviewSeedOptions {
  projectName: string;
  /** How many responses to write (rounded up to whole samples). */
  responses: number;
  responsesPerSample?: number;
  samplesPerInstruction?: number;
  /** Written into the project description, so generated data is never mistaken for real data. */
  label?: string;
  seed?: number;
}

export interface ReviewSeed {
  projectId: number;
  runId: number;
  responses: number;
  pairs: number;
  verifiersPerInstruction: number;
}

const WORDS =
  "the a response follows instruction query answer clearly each sentence word list format rule short long because however therefore example data model output line item first second third final note".split(
    " ",
  );

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes a finished-looking project straight into SQLite: instructions with 3 kept verifiers each,
 * queries, samples, responses with verifier outcomes, pass rates, scores and the paper preset's
 * decisions, one DPO pair per sample where it has a chosen and a rejected candidate, a finished
 * run with LLM calls for the dashboard. Deterministic for a seed. For tests and benchmarks only.
 */
export function seedReviewData(db: Db, opts: ReviewSeedOptions): ReviewSeed {
  const sqlite = db.$client;
  const random = rng(opts.seed ?? 7);
  const perSample = opts.responsesPerSample ?? 8;
  const perInstruction = opts.samplesPerInstruction ?? 16;
  const sampleCount = Math.ceil(opts.responses / perSample);
  const instructionCount = Math.ceil(sampleCount / perInstruction);
  const now = Date.now();
  const config = configForPreset("paper");
  const words = (n: number) =>
    Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");

  return sqlite.transaction((): ReviewSeed => {
    const projectId = Number(
      sqlite
        .prepare(
          "insert into projects (name, description, preset, config, is_example, created_at, updated_at) values (?, ?, 'paper', ?, 0, ?, ?)",
        )
        .run(
          opts.projectName,
          opts.label ?? "Generated review data (tests and benchmarks).",
          JSON.stringify(config),
          now,
          now,
        ).lastInsertRowid,
    );
    const runId = Number(
      sqlite
        .prepare(
          "insert into runs (project_id, config, config_hash, from_stage, to_stage, state, started_at, finished_at, created_at, updated_at) values (?, ?, 'seeded', 'augment', 'pairs', 'finished', ?, ?, ?, ?)",
        )
        .run(projectId, JSON.stringify(config), now - 60_000, now, now, now).lastInsertRowid,
    );
    const insInstruction = sqlite.prepare(
      "insert into instructions (project_id, run_id, text, normalized_hash, pipeline_status, pipeline_stage, review_status, created_at, updated_at) values (?, ?, ?, ?, 'kept', 'back-translate', 'unreviewed', ?, ?)",
    );
    const insVerifier = sqlite.prepare(
      "insert into verifiers (instruction_id, source, origin, version, compile_status, accuracy, pipeline_status, drop_reason, review_status, created_at) values (?, ?, 'llm', 1, 'ok', ?, ?, ?, 'unreviewed', ?)",
    );
    const insQuery = sqlite.prepare(
      "insert into queries (project_id, text, normalized_hash, length, created_at) values (?, ?, ?, ?, ?)",
    );
    const insSample = sqlite.prepare(
      "insert into samples (instruction_id, query_id, run_id, created_at) values (?, ?, ?, ?)",
    );
    const insResponse = sqlite.prepare(
      "insert into responses (sample_id, sample_index, text, pass_rate, score, score_samples, pipeline_status, drop_reason, review_status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'unreviewed', ?, ?)",
    );
    const insResult = sqlite.prepare(
      "insert into verifier_results (verifier_id, target_kind, target_id, outcome, error, duration_ms, created_at) values (?, 'response', ?, ?, ?, 0.1, ?)",
    );
    const insPair = sqlite.prepare(
      "insert into preference_pairs (sample_id, chosen_response_id, rejected_response_id, pipeline_status, review_status, created_at, updated_at) values (?, ?, ?, 'kept', 'unreviewed', ?, ?)",
    );
    let written = 0;
    let pairs = 0;
    for (let i = 0; i < instructionCount && written < opts.responses; i++) {
      const instructionId = Number(
        insInstruction.run(
          projectId,
          runId,
          `Answer in exactly ${3 + (i % 5)} sentences and end with the word "done" (instruction ${i + 1}).`,
          `seed-${i}`,
          now,
          now,
        ).lastInsertRowid,
      );
      const verifierIds = [0, 1, 2].map((v) => {
        const accuracy = Math.round((0.4 + random() * 0.6) * 100) / 100;
        const kept = accuracy > 0.5;
        return {
          id: Number(
            insVerifier.run(
              instructionId,
              `function evaluate(response) { return response.length > ${v}; }`,
              accuracy,
              kept ? "kept" : "dropped",
              kept ? null : `accuracy ${accuracy.toFixed(2)}, needs > 0.5`,
              now,
            ).lastInsertRowid,
          ),
          kept,
        };
      });
      for (let q = 0; q < perInstruction && written < opts.responses; q++) {
        const queryText = `Query ${i + 1}.${q + 1}: ${words(8)}?`;
        const queryId = Number(
          insQuery.run(projectId, queryText, `q-${i}-${q}`, queryText.length, now).lastInsertRowid,
        );
        const sampleId = Number(insSample.run(instructionId, queryId, runId, now).lastInsertRowid);
        let chosen: number | null = null;
        let rejected: number | null = null;
        for (let k = 0; k < perSample && written < opts.responses; k++) {
          const outcomes = verifierIds.map(() =>
            random() < 0.55 ? "pass" : random() < 0.9 ? "fail" : "error",
          );
          const passRate = outcomes.filter((o) => o === "pass").length / outcomes.length;
          const score = Math.round(random() * 100) / 10;
          const executionKept = passRate > 0.5;
          const kept = executionKept && score >= 8;
          const reason = !executionKept
            ? `pass rate ${passRate.toFixed(2)}, needs > 0.5`
            : kept
              ? null
              : `score ${score.toFixed(1)}, needs ≥ 8`;
          // Some responses are long, so the page's collapse is exercised at scale.
          const text = `${words(20 + Math.floor(random() * 40))}.\n${random() < 0.15 ? words(400) : words(30)}. done`;
          const id = Number(
            insResponse.run(
              sampleId,
              k,
              text,
              passRate,
              executionKept ? score : null,
              executionKept ? JSON.stringify([score]) : null,
              kept ? "kept" : "dropped",
              reason,
              now,
              now,
            ).lastInsertRowid,
          );
          outcomes.forEach((o, v) =>
            insResult.run(
              verifierIds[v]!.id,
              id,
              o,
              o === "error" ? "TypeError: response.split is not a function" : null,
              now,
            ),
          );
          if (passRate > 0.5 && chosen === null) chosen = id;
          if (passRate === 0 && rejected === null) rejected = id;
          written++;
        }
        if (chosen !== null && rejected !== null) {
          insPair.run(sampleId, chosen, rejected, now, now);
          pairs++;
        }
      }
    }
    const insCall = sqlite.prepare(
      "insert into llm_calls (project_id, run_id, request_hash, role, model, endpoint, request, status, error, tokens_in, tokens_out, latency_ms, cost_usd, created_at, completed_at) values (?, ?, ?, ?, 'seeded-model', 'http://127.0.0.1/v1', '{}', ?, ?, ?, ?, 100, ?, ?, ?)",
    );
    for (let c = 0; c < 200; c++) {
      const role = c % 4 === 0 ? "judge" : "generator";
      const failed = c % 50 === 49;
      insCall.run(
        projectId,
        runId,
        `call-${c}`,
        role,
        failed ? "failed" : "completed",
        failed ? "HTTP 500 from the endpoint" : null,
        300 + c,
        failed ? 0 : 150 + c,
        failed ? 0 : 0.0004,
        now,
        now,
      );
    }
    sqlite
      .prepare(
        "insert into failed_units (run_id, stage, unit_key, error, raw, created_at) values (?, 'score', 'response:1', 'no parsable judge score', 'The response is fine.', ?)",
      )
      .run(runId, now);
    return { projectId, runId, responses: written, pairs, verifiersPerInstruction: 3 };
  })();
}
