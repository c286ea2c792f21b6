import type { Db } from "@/db/client";
import {
  instructions,
  preferencePairs,
  queries,
  responses,
  reviews,
  runs,
  samples,
  verifiers,
} from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { configHash } from "../../pipeline/runs";
import { createProject } from "../../services/projects";

type Status = "kept" | "dropped";
type Review = "unreviewed" | "approved" | "rejected";

/** Text that breaks naive writers: quotes, newlines, tabs, HTML, unicode beyond the BMP, U+2028. */
export const HOSTILE_QUERY = 'Write "<b>bold</b>" & tell me\nabout owls 🦉 中文\u2028';
export const HOSTILE_RESPONSE =
  'owls say "hoo"\n\t\u0000\u001f\u007f\r<script>alert(1)</script> \\ 🦉 中文 \u2028 end';

/**
 * A small finished project written straight into the tables, with every case the filters must
 * tell apart: overrides, rejections at each level, unscored rows, a dropped instruction, a sample
 * without a run. Response and pair names (r1.., p1..) map to ids for the expectations.
 */
export function buildExportFixture(db: Db, name = "Export fixture") {
  const project = createProject(db, { name });
  const config = configForPreset("paper");
  const run = db
    .insert(runs)
    .values({ projectId: project.id, config, configHash: configHash(config), state: "finished" })
    .returning()
    .get();
  const instr = (text: string, pipelineStatus: Status, reviewStatus: Review = "unreviewed") =>
    db
      .insert(instructions)
      .values({
        projectId: project.id,
        runId: run.id,
        text,
        normalizedHash: text,
        pipelineStatus,
        reviewStatus,
      })
      .returning()
      .get().id;
  const A = instr("answer in all lowercase letters", "kept");
  const B = instr("use exactly three bullet points", "kept", "rejected");
  const C = instr("end with the word done", "dropped");
  for (const [instructionId, version, status] of [
    [A, 1, "kept"],
    [A, 2, "kept"],
    [A, 1, "dropped"],
    [C, 1, "kept"],
  ] as const) {
    db.insert(verifiers)
      .values({
        instructionId,
        version,
        source: "function evaluate(r) { return true; }",
        origin: "llm",
        pipelineStatus: status,
      })
      .run();
  }
  const query = (text: string) =>
    db
      .insert(queries)
      .values({ projectId: project.id, text, normalizedHash: text, length: text.length })
      .returning()
      .get().id;
  const q1 = query("what is the capital of france?");
  const q2 = query(HOSTILE_QUERY);
  const sample = (instructionId: number, queryId: number, withRun = true) =>
    db
      .insert(samples)
      .values({ instructionId, queryId, runId: withRun ? run.id : null })
      .returning()
      .get().id;
  const sA1 = sample(A, q1);
  const sA2 = sample(A, q2, false);
  const sB1 = sample(B, q1);
  const sC1 = sample(C, q1);
  const r: Record<string, number> = {};
  const resp = (
    key: string,
    sampleId: number,
    sampleIndex: number,
    text: string,
    pipelineStatus: Status,
    passRate: number | null,
    score: number | null,
    reviewStatus: Review = "unreviewed",
  ) => {
    r[key] = db
      .insert(responses)
      .values({ sampleId, sampleIndex, text, pipelineStatus, passRate, score, reviewStatus })
      .returning()
      .get().id;
  };
  resp("r1", sA1, 0, "paris.", "kept", 1, 9);
  resp("r2", sA1, 1, "the capital is paris.", "kept", 0.75, 8, "approved");
  resp("r3", sA1, 2, "paris, of course.", "kept", 1, 10, "rejected");
  resp("r4", sA1, 3, "PARIS", "dropped", 0, 3);
  resp("r5", sA1, 4, "it is paris", "dropped", 1, 6, "approved");
  resp("r6", sA2, 0, HOSTILE_RESPONSE, "kept", 1, 9.5);
  resp("r7", sB1, 0, "- a\n- b\n- c", "kept", 1, 9);
  resp("r8", sC1, 0, "Paris. done", "kept", 1, 9);
  resp("r9", sA2, 1, "OWLS HOOT", "dropped", 0, null);
  resp("r10", sC1, 1, "Paris.", "dropped", 0, 4);
  const p: Record<string, number> = {};
  const pair = (
    key: string,
    sampleId: number,
    c: string,
    x: string,
    pipelineStatus: Status = "kept",
    reviewStatus: Review = "unreviewed",
  ) => {
    p[key] = db
      .insert(preferencePairs)
      .values({
        sampleId,
        chosenResponseId: r[c]!,
        rejectedResponseId: r[x]!,
        pipelineStatus,
        reviewStatus,
      })
      .returning()
      .get().id;
  };
  pair("p1", sA1, "r1", "r4");
  pair("p2", sA1, "r2", "r4", "kept", "approved");
  pair("p3", sA1, "r3", "r4");
  pair("p4", sA1, "r5", "r4", "kept", "rejected");
  pair("p5", sA2, "r6", "r9");
  pair("p6", sC1, "r8", "r10");
  pair("p7", sA1, "r1", "r5", "dropped", "approved");
  const review = (itemId: number, verdict: "approve" | "reject", reviewer: string) =>
    db
      .insert(reviews)
      .values({ projectId: project.id, itemKind: "response", itemId, verdict, reviewer })
      .run();
  review(r.r2!, "approve", "alice");
  review(r.r2!, "approve", "bob");
  review(r.r3!, "approve", "bob");
  review(r.r3!, "reject", "alice");
  review(r.r5!, "approve", "alice");
  return { project, run, r, p };
}
