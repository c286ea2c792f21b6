import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import { instructions, preferencePairs, queries, responses, samples } from "@/db/schema";
import { sftPrompt } from "@/lib/autoif/sftPrompt";
import { exportFiltersSchema, type ExportFilters } from "@/lib/formats/exportRequest";
import { formatById } from "@/lib/formats/formats";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { addProject, smallConfig, spawnCliRun } from "../pipeline/testing/pipelineTestBed";
import { startExport } from "./exportJob";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "1"]);
});
afterAll(() => fake.stop());

type Row = {
  id: number;
  status: string;
  review: string;
  passRate: number | null;
  score: number | null;
  instrStatus: string;
  instrReview: string;
  prompt: string;
};

/** The filters' meaning restated in plain code, to check the SQL against. */
function passes(
  f: ExportFilters,
  item: { status: string; review: string },
  scored: Row,
  instr: Row,
  extraRejected = false,
) {
  if (item.review === "rejected" || instr.instrReview === "rejected" || extraRejected) return false;
  if (f.pipeline === "kept" && item.status !== "kept") return false;
  if (f.pipeline === "kept-or-approved" && item.status !== "kept" && item.review !== "approved")
    return false;
  if (f.review === "approved-only" && item.review !== "approved") return false;
  if (!f.instructionStatus.includes(instr.instrStatus as never)) return false;
  const inRange = (v: number | null, min: number | null, max: number | null) =>
    (min === null || (v !== null && v >= min)) && (max === null || (v !== null && v <= max));
  return (
    inRange(scored.score, f.minScore, f.maxScore) &&
    inRange(scored.passRate, f.minPassRate, f.maxPassRate)
  );
}

describe("export after a full pipeline run against the scripted server", () => {
  it(
    "SFT and DPO files hold exactly the rows each filter selects, and no rejected item",
    { timeout: 180_000 },
    async () => {
      const t = createTestDb();
      const projectId = addProject(t.db, smallConfig(fake.url));
      const run = await spawnCliRun(t.file, projectId).exited;
      expect(run.code, run.output).toBe(0);
      const db = t.db;
      const all: Row[] = db
        .select({
          id: responses.id,
          status: responses.pipelineStatus,
          review: responses.reviewStatus,
          passRate: responses.passRate,
          score: responses.score,
          instrStatus: instructions.pipelineStatus,
          instrReview: instructions.reviewStatus,
          query: queries.text,
          instruction: instructions.text,
        })
        .from(responses)
        .innerJoin(samples, eq(samples.id, responses.sampleId))
        .innerJoin(instructions, eq(instructions.id, samples.instructionId))
        .innerJoin(queries, eq(queries.id, samples.queryId))
        .where(eq(instructions.projectId, projectId))
        .orderBy(responses.id)
        .all()
        .map((r) => ({ ...r, prompt: sftPrompt(r.query, r.instruction) }));
      const kept = all.filter((r) => r.status === "kept");
      const dropped = all.filter((r) => r.status === "dropped");
      expect(kept.length).toBeGreaterThan(4);
      // Reviewers at work: approve some, reject some, restore a pipeline drop.
      const setReview = (ids: number[], s: "approved" | "rejected") =>
        db.update(responses).set({ reviewStatus: s }).where(inArray(responses.id, ids)).run();
      setReview([kept[0]!.id, kept[1]!.id, dropped[0]!.id], "approved");
      setReview([kept[2]!.id], "rejected");
      const pairs = db.select().from(preferencePairs).orderBy(preferencePairs.id).all();
      expect(pairs.length).toBeGreaterThan(2);
      db.update(preferencePairs)
        .set({ reviewStatus: "rejected" })
        .where(eq(preferencePairs.id, pairs[0]!.id))
        .run();
      db.update(preferencePairs)
        .set({ reviewStatus: "approved" })
        .where(eq(preferencePairs.id, pairs[1]!.id))
        .run();
      const fresh = new Map(
        db
          .select({ id: responses.id, review: responses.reviewStatus })
          .from(responses)
          .all()
          .map((r) => [r.id, r.review]),
      );
      const byId = new Map(all.map((r) => [r.id, { ...r, review: fresh.get(r.id)! }]));
      const pairRows = db.select().from(preferencePairs).orderBy(preferencePairs.id).all();
      const textOf = new Map(
        db
          .select({ id: responses.id, text: responses.text })
          .from(responses)
          .all()
          .map((r) => [r.id, r.text]),
      );

      const filterSets: Array<Partial<ExportFilters>> = [
        {},
        { review: "approved-only" },
        { pipeline: "kept-or-approved" },
        { pipeline: "any" },
        { minScore: 9 },
        { minPassRate: 1 },
        { instructionStatus: ["kept", "dropped"], pipeline: "any", maxScore: 8 },
      ];
      for (const partial of filterSets) {
        const filters = exportFiltersSchema.parse(partial);
        for (const format of ["alpaca", "alpaca-preference"]) {
          const job = startExport(
            db,
            { projectId, format, filters, contamination: { benchmarkIds: [], action: "exclude" } },
            { batchSize: 7 },
          );
          let text = "";
          for await (const c of job.chunks()) text += c.toString("utf8");
          const lines = text
            .split("\n")
            .filter(Boolean)
            .map((l) => formatById(format)!.schema.parse(JSON.parse(l)) as Record<string, string>);
          const expected =
            format === "alpaca"
              ? [...byId.values()]
                  .filter((r) => passes(filters, r, r, r))
                  .map((r) => ({ instruction: r.prompt, input: "", output: textOf.get(r.id) }))
              : pairRows
                  .filter((p) => {
                    const c = byId.get(p.chosenResponseId)!;
                    return passes(
                      filters,
                      { status: p.pipelineStatus, review: p.reviewStatus },
                      c,
                      c,
                      c.review === "rejected",
                    );
                  })
                  .map((p) => ({
                    instruction: byId.get(p.chosenResponseId)!.prompt,
                    input: "",
                    chosen: textOf.get(p.chosenResponseId),
                    rejected: textOf.get(p.rejectedResponseId),
                  }));
          expect(lines, `${format} ${JSON.stringify(partial)}`).toEqual(expected);
          expect(lines.map((l) => l.output ?? l.chosen)).not.toContain(textOf.get(kept[2]!.id));
          job.complete(null);
        }
      }
      t.cleanup();
    },
  );
});
