import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import {
  failedUnits,
  instructions,
  preferencePairs,
  responses,
  samples,
  stageProgress,
  verifierResults,
  verifiers,
} from "@/db/schema";
import type { Verdict } from "@/lib/autoif/crossValidate";
import { decideResponse, passRate, selectPairs } from "@/lib/autoif/responseDecisions";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { projectFunnel } from "./funnel";
import { addProject, smallConfig, spawnCliRun } from "./testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
});
afterAll(() => fake.stop());

describe("a full run of stages 1-10 from the CLI", () => {
  it(
    "ends with counts that follow from the config and the stored results at every stage",
    { timeout: 180_000 },
    async () => {
      const t = createTestDb();
      const config = smallConfig(fake.url);
      const projectId = addProject(t.db, config);
      const run = await spawnCliRun(t.file, projectId).exited;
      expect(run.code, run.output).toBe(0);
      const db = t.db;

      const kept = db
        .select()
        .from(instructions)
        .where(and(eq(instructions.projectId, projectId), eq(instructions.pipelineStatus, "kept")))
        .all();
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((i) => i.pipelineStage === "pairs")).toBe(true);

      for (const instruction of kept) {
        // Stage 5: queriesPerInstruction samples each (the 40-query pool is larger).
        const ss = db.select().from(samples).where(eq(samples.instructionId, instruction.id)).all();
        expect(ss).toHaveLength(config.pairQueries.queriesPerInstruction);
        const fns = db
          .select()
          .from(verifiers)
          .where(
            and(eq(verifiers.instructionId, instruction.id), eq(verifiers.pipelineStatus, "kept")),
          )
          .all();
        for (const sample of ss) {
          // Stage 6: K responses per sample (the scripted server never fails a response).
          const rs = db.select().from(responses).where(eq(responses.sampleId, sample.id)).all();
          expect(rs).toHaveLength(config.respond.responsesPerSample);
          for (const r of rs) {
            // Stage 7: the pass rate is the counting rule applied to the stored matrix row.
            const verdicts = fns.map(
              (f) =>
                db
                  .select()
                  .from(verifierResults)
                  .where(
                    and(
                      eq(verifierResults.verifierId, f.id),
                      eq(verifierResults.targetKind, "response"),
                      eq(verifierResults.targetId, r.id),
                    ),
                  )
                  .get()!.outcome as Verdict,
            );
            expect(r.passRate).toBe(passRate(verdicts, config.execute.errorCounting));
            // Stage 8: scored exactly when execution kept it; the decision follows the thresholds.
            const decision = decideResponse(
              r.passRate,
              r.scoreSamples === null ? undefined : r.score,
              config,
            );
            expect(r.scoreSamples === null).toBe(!decision.executionKept);
            expect(r.pipelineStatus).toBe(decision.kept ? "kept" : "dropped");
          }
          // Stage 9: the pairs are the seeded draw over this sample's pass rates.
          const expected = selectPairs(
            rs.map((r) => ({ id: r.id, passRate: r.passRate, order: r.sampleIndex })),
            config.pairs,
            config.pairs.seed + sample.id,
          );
          const stored = db
            .select()
            .from(preferencePairs)
            .where(eq(preferencePairs.sampleId, sample.id))
            .all();
          expect(stored.map((p) => [p.chosenResponseId, p.rejectedResponseId]).sort()).toEqual(
            expected.map((p) => [p.chosen, p.rejected]).sort(),
          );
        }
      }
      const funnel = Object.fromEntries(projectFunnel(db, projectId).map((f) => [f.item, f]));
      expect(funnel.responses?.total).toBe(
        kept.length * config.pairQueries.queriesPerInstruction * config.respond.responsesPerSample,
      );
      expect(funnel.responses!.kept + funnel.responses!.dropped).toBe(funnel.responses!.total);
      expect(funnel.pairs?.total).toBe(db.select().from(preferencePairs).all().length);
      // Every stage finished each of its units exactly once.
      for (const stage of db.select().from(stageProgress).all()) {
        expect(stage.done, stage.stage).toBe(stage.total);
        expect(stage.state, stage.stage).toBe("done");
      }
      // Only units whose scripted output is unusable fail, and each keeps its raw text.
      const failed = db.select().from(failedUnits).all();
      expect(failed.every((f) => ["verify-gen", "score"].includes(f.stage) && f.raw !== null)).toBe(
        true,
      );
      t.cleanup();
    },
  );
});
