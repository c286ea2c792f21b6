import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, queries, responses, samples, testCases, verifiers } from "@/db/schema";
import type { VerifierPool } from "../../sandbox/pool";
import { crossValidateInstruction } from "../../pipeline/stages/crossValidateStage";
import { createProject, getProject } from "../projects";
import { recomputeInstruction } from "../recomputeInstruction";

export const LOWER = "function evaluate(response) { return response === response.toLowerCase(); }";
export const NO_CAPITALS = "function evaluate(response) { return !/[A-Z]/.test(response); }";
export const ALWAYS = "function evaluate(response) { return true; }";
/** LOWER in Python: the same verdicts from the other engine. */
export const LOWER_PY = "def evaluate(response):\n    return response == response.lower()\n";

/**
 * A finished instruction ("answer in lowercase") made by the real cross-validation and the
 * studio's recompute: three LLM verifiers (two right, one that passes everything), four cases, and
 * one sample of four scored responses whose pass rates, decisions and pairs the recompute sets.
 */
export async function buildAuditFixture(
  db: Db,
  pool: VerifierPool,
  name: string,
  options: { lowerInPython?: boolean } = {},
) {
  const project = createProject(db, { name });
  const instructionId = db
    .insert(instructions)
    .values({
      projectId: project.id,
      text: "Answer in lowercase letters only.",
      normalizedHash: name,
      pipelineStage: "verify-gen",
    })
    .returning()
    .get().id;
  const fn = (source: string, language: "javascript" | "python" = "javascript") =>
    db
      .insert(verifiers)
      .values({ instructionId, source, language, origin: "llm" })
      .returning()
      .get().id;
  const ids = {
    lower: options.lowerInPython ? fn(LOWER_PY, "python") : fn(LOWER),
    noCapitals: fn(NO_CAPITALS),
    always: fn(ALWAYS),
  };
  for (const [input, expected] of [
    ["hello", true],
    ["Hello", false],
    ["HELLO", false],
    ["ok then", true],
  ] as const) {
    db.insert(testCases).values({ instructionId, input, expected, origin: "llm" }).run();
  }
  await crossValidateInstruction(db, pool, instructionId, getProject(db, project.id).config);
  db.update(instructions)
    .set({ pipelineStage: "pairs", pipelineStatus: "kept" })
    .where(eq(instructions.id, instructionId))
    .run();
  const queryId = db
    .insert(queries)
    .values({ projectId: project.id, text: "Say something?", normalizedHash: name, length: 15 })
    .returning()
    .get().id;
  const sampleId = db.insert(samples).values({ instructionId, queryId }).returning().get().id;
  const response = (sampleIndex: number, text: string) =>
    db
      .insert(responses)
      .values({ sampleId, sampleIndex, text, score: 9, scoreSamples: [9] })
      .returning()
      .get().id;
  const r = {
    lower: response(0, "all lower here"),
    mixed: response(1, "Mixed Case"),
    upper: response(2, "UPPER"),
    short: response(3, "ok"),
  };
  await recomputeInstruction(db, pool, instructionId);
  return { projectId: project.id, instructionId, verifierIds: ids, responseIds: r };
}
