// Generates a project for the export benchmark straight into SQLite: `responses` responses over
// samples of K = 8, 60% kept, two pairs per sample, realistic prompt and response lengths.
import type { Db } from "@/db/client";
import { configForPreset } from "@/lib/autoif/presets";

const WORDS =
  "the a answer river model number city because light water small under every question market reason paper garden music history energy simple careful result system morning report window travel value system ocean 東京 café naïve données".split(
    " ",
  );

function text(seed: number, words: number): string {
  let x = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 374761393) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
    if (x % 17 === 0) out.push("\n");
    if (x % 23 === 0) out.push('"quoted" <b>tag</b>');
  }
  return out.join(" ");
}

/** Inserts a project with `responseCount` responses; returns its id and how many pairs it got. */
export function generateExportProject(db: Db, name: string, responseCount: number) {
  const c = db.$client;
  const config = JSON.stringify(configForPreset("paper"));
  const projectId = Number(
    c
      .prepare(
        "insert into projects (name, description, preset, config, is_example, created_at, updated_at) values (?, '', 'paper', ?, 0, ?, ?)",
      )
      .run(name, config, Date.now(), Date.now()).lastInsertRowid,
  );
  const runId = Number(
    c
      .prepare(
        "insert into runs (project_id, config, config_hash, from_stage, to_stage, state, created_at, updated_at) values (?, ?, 'bench', 'augment', 'pairs', 'finished', ?, ?)",
      )
      .run(projectId, config, Date.now(), Date.now()).lastInsertRowid,
  );
  const K = 8;
  const sampleCount = Math.ceil(responseCount / K);
  const instructionCount = Math.max(1, Math.round(sampleCount / 64));
  const now = Date.now();
  let pairs = 0;
  c.transaction(() => {
    const ins = c.prepare(
      "insert into instructions (project_id, run_id, text, normalized_hash, pipeline_status, review_status, created_at, updated_at) values (?, ?, ?, ?, 'kept', 'unreviewed', ?, ?)",
    );
    const instrIds: number[] = [];
    for (let i = 0; i < instructionCount; i++)
      instrIds.push(
        Number(
          ins.run(
            projectId,
            runId,
            `answer in at most ${i + 20} words and ${text(i, 6)}`,
            `${name}-i${i}`,
            now,
            now,
          ).lastInsertRowid,
        ),
      );
    const q = c.prepare(
      "insert into queries (project_id, text, normalized_hash, length, created_at) values (?, ?, ?, ?, ?)",
    );
    const s = c.prepare(
      "insert into samples (instruction_id, query_id, run_id, created_at) values (?, ?, ?, ?)",
    );
    const r = c.prepare(
      "insert into responses (sample_id, sample_index, text, pass_rate, score, pipeline_status, review_status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'unreviewed', ?, ?)",
    );
    const p = c.prepare(
      "insert into preference_pairs (sample_id, chosen_response_id, rejected_response_id, pipeline_status, review_status, created_at, updated_at) values (?, ?, ?, 'kept', 'unreviewed', ?, ?)",
    );
    let made = 0;
    for (let si = 0; si < sampleCount && made < responseCount; si++) {
      const query = `${text(si + 7, 12 + (si % 20))}?`;
      const queryId = Number(
        q.run(projectId, query, `${name}-q${si}`, query.length, now).lastInsertRowid,
      );
      const sampleId = Number(
        s.run(instrIds[si % instructionCount]!, queryId, runId, now).lastInsertRowid,
      );
      const ids: Array<{ id: number; pass: number }> = [];
      for (let k = 0; k < K && made < responseCount; k++, made++) {
        const pass = (si + k) % 5 < 3 ? 1 : 0;
        const id = Number(
          r.run(
            sampleId,
            k,
            text(made, 60 + (made % 120)),
            pass,
            pass ? 8 + (k % 3) : 4,
            pass ? "kept" : "dropped",
            now,
            now,
          ).lastInsertRowid,
        );
        ids.push({ id, pass });
      }
      const good = ids.filter((x) => x.pass === 1);
      const bad = ids.filter((x) => x.pass === 0);
      for (let n = 0; n < Math.min(2, good.length, bad.length); n++) {
        p.run(sampleId, good[n]!.id, bad[n]!.id, now, now);
        pairs++;
      }
    }
  })();
  return { projectId, pairs };
}

/** `count` benchmark prompts of 40-90 words, as JSONL. */
export function benchmarkJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ prompt: text(1_000_000 + i, 40 + (i % 50)) }),
  ).join("\n");
}
