import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, inArray } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import {
  compoundConstituents,
  constraintPairs,
  instructions,
  preferencePairs,
  responses,
  samples,
  verifierResults,
  verifiers,
} from "@/db/schema";
import { pairKey, pairsOf } from "@/lib/autoif/compose";
import type { Verdict } from "@/lib/autoif/crossValidate";
import { passRate } from "@/lib/autoif/responseDecisions";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { startExport } from "../export/exportJob";
import { startFakeLlmProcess, type FakeLlmProcess } from "../llm/testing/fakeLlmProcess";
import { applyReplay, previewReplay } from "./replay";
import { addProject, pipelineSnapshot, smallConfig, spawnCliRun } from "./testing/pipelineTestBed";

let fake: FakeLlmProcess;
beforeAll(async () => {
  fake = await startFakeLlmProcess(["--latency-ms", "2"]);
});
afterAll(() => fake.stop());

function withCompose(
  config: PipelineConfig,
  passRateMode: "strict" | "partial" = "strict",
): PipelineConfig {
  return {
    ...config,
    compose: {
      enabled: true,
      count: 6,
      sizeWeights: "2,1",
      maxUsesPerInstruction: 6,
      groupSimilarity: 0.6,
      witnessAttempts: 2,
      passRate: passRateMode,
      seed: 3,
    },
  };
}

describe("a full run with compose on (stages 1-10 from the CLI)", () => {
  it(
    "verifies compound responses by every constituent's kept verifiers, samples, pairs and exports them with their constraints",
    { timeout: 240_000 },
    async () => {
      const t = createTestDb();
      const config = withCompose(smallConfig(fake.url));
      const projectId = addProject(t.db, config);
      const run = await spawnCliRun(t.file, projectId).exited;
      expect(run.code, run.output).toBe(0);
      const db = t.db;

      const compounds = db
        .select()
        .from(instructions)
        .where(and(eq(instructions.projectId, projectId), eq(instructions.kind, "compound")))
        .all();
      const kept = compounds.filter((c) => c.pipelineStatus === "kept");
      expect(kept.length).toBe(config.compose.count);
      const verdicts = new Map(
        db
          .select()
          .from(constraintPairs)
          .all()
          .map((p) => [pairKey(p.aId, p.bId), p]),
      );
      let strictPasses = 0;
      let strictFails = 0;
      for (const c of kept) {
        expect(c.pipelineStage).toBe("pairs");
        const parts = db
          .select()
          .from(compoundConstituents)
          .where(eq(compoundConstituents.compoundId, c.id))
          .orderBy(asc(compoundConstituents.position))
          .all()
          .map((p) => p.constituentId);
        expect(parts.length).toBe(c.constraintCount);
        // No known conflict in a kept compound: every pair has a compatible verdict.
        for (const [a, b] of pairsOf(parts))
          expect(verdicts.get(pairKey(a, b))?.verdict).toBe("compatible");
        const ss = db.select().from(samples).where(eq(samples.instructionId, c.id)).all();
        expect(ss).toHaveLength(config.pairQueries.queriesPerInstruction);
        const rs = db
          .select()
          .from(responses)
          .where(
            inArray(
              responses.sampleId,
              ss.map((s) => s.id),
            ),
          )
          .all();
        expect(rs).toHaveLength(ss.length * config.respond.responsesPerSample);
        for (const r of rs) {
          const o = r.constraintOutcomes!;
          expect(o.constraints.map((x) => x.instructionId)).toEqual(parts);
          // Each constraint by its own kept verifiers, from the stored matrix.
          for (const x of o.constraints) {
            const fns = db
              .select({ id: verifiers.id })
              .from(verifiers)
              .where(
                and(
                  eq(verifiers.instructionId, x.instructionId),
                  eq(verifiers.pipelineStatus, "kept"),
                ),
              )
              .all()
              .map((f) => f.id);
            const stored = db
              .select()
              .from(verifierResults)
              .where(
                and(
                  eq(verifierResults.targetKind, "response"),
                  eq(verifierResults.targetId, r.id),
                  inArray(verifierResults.verifierId, fns),
                ),
              )
              .all();
            expect(stored).toHaveLength(fns.length);
            const rate = passRate(
              stored.map((s) => s.outcome as Verdict),
              config.execute.errorCounting,
            );
            expect(x.passRate).toBe(rate);
            expect(x.satisfied).toBe(rate !== null && rate > config.execute.sftPassRateThreshold);
          }
          const satisfied = o.constraints.filter((x) => x.satisfied).length;
          expect(o.partial).toBe(satisfied / parts.length);
          expect(o.strict).toBe(satisfied === parts.length ? 1 : 0);
          expect(r.passRate).toBe(o.strict);
          if (o.strict === 1) strictPasses++;
          else strictFails++;
          // Rejection sampling by the strict pass rate: a response failing any constraint is not kept.
          if (o.strict === 0) expect(r.pipelineStatus).toBe("dropped");
        }
      }
      expect(strictPasses).toBeGreaterThan(0);
      expect(strictFails).toBeGreaterThan(0);
      const compoundPairs = db
        .select()
        .from(preferencePairs)
        .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
        .where(
          inArray(
            samples.instructionId,
            kept.map((c) => c.id),
          ),
        )
        .all();
      expect(compoundPairs.length).toBeGreaterThan(0);

      // The export carries each compound's constraint list (keys and texts) and the lines holding it.
      const job = startExport(db, {
        projectId,
        format: "alpaca",
        filters: exportFiltersSchema.parse({}),
        contamination: { benchmarkIds: [], action: "exclude" },
      });
      let text = "";
      for await (const chunk of job.chunks()) text += chunk.toString("utf8");
      const { manifest } = job.complete(null);
      const lines = text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { instruction: string });
      expect(manifest.compounds.length).toBeGreaterThan(0);
      for (const m of manifest.compounds) {
        const row = kept.find((c) => c.number === m.instruction)!;
        const parts = db
          .select({ number: instructions.number, text: instructions.text })
          .from(compoundConstituents)
          .innerJoin(instructions, eq(instructions.id, compoundConstituents.constituentId))
          .where(eq(compoundConstituents.compoundId, row.id))
          .orderBy(asc(compoundConstituents.position))
          .all();
        expect(m.constraints).toEqual(
          parts.map((p) => ({
            key: `instruction-${p.number}`,
            instruction: p.number,
            text: p.text,
          })),
        );
        for (const line of m.lines)
          expect(lines[line - 1]!.instruction).toContain(
            row.text.split("\n")[1]!.replace(/^\S+ /, ""),
          );
      }
      expect(manifest.compounds.reduce((n, m) => n + m.lines.length, 0)).toBe(
        lines.filter((l) => l.instruction.includes("\n")).length,
      );
      t.cleanup();
    },
  );

  it(
    "replays compose from stored results: a stricter replay equals a fresh run at it, without one request",
    { timeout: 300_000 },
    async () => {
      const base = withCompose(smallConfig(fake.url), "partial");
      const stricter: PipelineConfig = {
        ...base,
        compose: { ...base.compose, passRate: "strict" },
        execute: { ...base.execute, sftPassRateThreshold: 0.6, sftPassRateComparison: "gte" },
      };
      const first = createTestDb();
      const projectId = addProject(first.db, base);
      expect((await spawnCliRun(first.file, projectId).exited).code).toBe(0);
      await fake.reset();
      const preview = previewReplay(first.db, projectId, stricter);
      expect(applyReplay(first.db, projectId, stricter)).toEqual(preview);
      expect((await fake.stats()).requests).toBe(0);

      const fresh = createTestDb();
      const freshProject = addProject(fresh.db, stricter);
      expect((await spawnCliRun(fresh.file, freshProject).exited).code).toBe(0);
      const compoundRows = (db: typeof first.db) =>
        db
          .select({
            text: responses.text,
            passRate: responses.passRate,
            status: responses.pipelineStatus,
            outcomes: responses.constraintOutcomes,
          })
          .from(responses)
          .innerJoin(samples, eq(samples.id, responses.sampleId))
          .innerJoin(instructions, eq(instructions.id, samples.instructionId))
          .where(eq(instructions.kind, "compound"))
          .all()
          .map((r) =>
            JSON.stringify({
              ...r,
              outcomes: r.outcomes && {
                ...r.outcomes,
                constraints: r.outcomes.constraints.map((c) => [c.passRate, c.satisfied]),
              },
            }),
          )
          .sort();
      expect(compoundRows(first.db).length).toBeGreaterThan(0);
      expect(compoundRows(first.db)).toEqual(compoundRows(fresh.db));
      // A response the looser run scored keeps that score when the stricter pass rate drops it before
      // scoring; the score decides nothing there, so it is left out of the comparison.
      const decisions = (db: typeof first.db) =>
        pipelineSnapshot(db).map((row) =>
          row
            .replace(/\| [\d.]+ \| dropped \| pass rate/, "| (unscored) | dropped | pass rate")
            .replace(/\| null \| dropped \| pass rate/, "| (unscored) | dropped | pass rate"),
        );
      expect(decisions(first.db)).toEqual(decisions(fresh.db));
      first.cleanup();
      fresh.cleanup();
    },
  );
});
