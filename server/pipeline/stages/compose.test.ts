import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing/testDb";
import {
  compoundConstituents,
  constraintPairs,
  instructions,
  llmCalls,
  projects,
} from "@/db/schema";
import { diversityGroups, pairKey } from "@/lib/autoif/compose";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { createLlmClient } from "../../llm";
import { startFakeLlmProcess, type FakeLlmProcess } from "../../llm/testing/fakeLlmProcess";
import { createVerifierPool, type VerifierPool } from "../../sandbox/pool";
import { stageProgressRecorder } from "../progress";
import { createRun } from "../runs";
import {
  composeSnapshot,
  HAND_MADE,
  HAND_MADE_PAIRS,
  seedHandMade,
} from "../testing/composeFixture";
import { smallConfig, spawnCliRun } from "../testing/pipelineTestBed";
import { composeStage } from "./compose";

let fake: FakeLlmProcess;
let pool: VerifierPool;
beforeAll(async () => {
  fake = await startFakeLlmProcess();
  pool = createVerifierPool({ size: 1 });
});
afterAll(async () => {
  pool.close();
  await fake.stop();
});

/** Every pair drawn: compounds of 2 only, enough of them, no use cap, no near-duplicate grouping by text. */
function composeConfig(seed = 7, extra: Partial<PipelineConfig["compose"]> = {}): PipelineConfig {
  const config = smallConfig(fake.url);
  return {
    ...config,
    compose: {
      enabled: true,
      count: 80,
      sizeWeights: "1",
      maxUsesPerInstruction: 1000,
      groupSimilarity: 0.95,
      witnessAttempts: 2,
      passRate: "strict",
      seed,
      ...extra,
    },
  };
}

async function setUp(config: PipelineConfig) {
  const t = createTestDb();
  const projectId = t.db
    .insert(projects)
    .values({ name: `compose ${Math.random()}`, config })
    .returning()
    .get().id;
  const ids = await seedHandMade(t.db, projectId, pool);
  return { t, projectId, ids };
}

async function runStage(t: ReturnType<typeof createTestDb>, projectId: number) {
  const run = createRun(t.db, { projectId, from: "compose", to: "compose" });
  const config = run.config as PipelineConfig;
  const llm = createLlmClient({
    db: t.db,
    projectId,
    runId: run.id,
    roles: config.llm,
    budget: config.budget,
    environment: { values: {}, secret: () => undefined },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  const progress = stageProgressRecorder(t.db, run.id, "compose");
  progress.start();
  await composeStage({
    db: t.db,
    runId: run.id,
    projectId,
    config,
    llm,
    pool,
    progress,
    signal: new AbortController().signal,
  });
  progress.finish("done");
  return run.id;
}

describe("the compose stage on hand-made pairs of known truth, against the scripted endpoint", () => {
  it(
    "finds each pair's truth at the evidence level it can reach, and keeps no compound with a conflicting pair",
    { timeout: 120_000 },
    async () => {
      const { t, projectId, ids } = await setUp(composeConfig());
      await runStage(t, projectId);
      const pairs = t.db
        .select()
        .from(constraintPairs)
        .where(eq(constraintPairs.projectId, projectId))
        .all();
      const byKey = new Map(pairs.map((p) => [pairKey(p.aId, p.bId), p]));
      for (const truth of HAND_MADE_PAIRS) {
        const p = byKey.get(pairKey(ids[truth.a], ids[truth.b]));
        expect(p, `${truth.a} + ${truth.b} was never checked`).toBeDefined();
        expect({
          pair: `${truth.a}+${truth.b}`,
          verdict: p!.verdict,
          evidence: p!.evidence,
        }).toEqual({
          pair: `${truth.a}+${truth.b}`,
          verdict: truth.verdict,
          evidence: truth.evidence,
        });
        if (truth.evidence === "judge") {
          // The judge comes last: every generator attempt was made and failed.
          expect(p!.attempts).toBe(2);
          expect(p!.witness).toBeNull();
          expect(p!.reason).toMatch(/unverified/);
        } else {
          // A witness is real: both verifiers pass it when run again here.
          const again = await pool.evaluateMatrix(
            [HAND_MADE[truth.a].source, HAND_MADE[truth.b].source],
            [p!.witness!],
          );
          expect(again.map((row) => row[0]!.verdict)).toEqual(["pass", "pass"]);
          expect(p!.witnessSource).toMatch(
            truth.evidence === "known"
              ? /^test case #\d+ of instruction #\d+$/
              : /^generated \(attempt [12] of 2\)$/,
          );
        }
      }
      // The generator attempts and judge calls went through the call log.
      const calls = t.db.select().from(llmCalls).where(eq(llmCalls.projectId, projectId)).all();
      expect(calls.every((c) => c.status === "completed")).toBe(true);
      expect(
        calls.filter((c) => JSON.stringify(c.request).includes("task: compose-witness")).length,
      ).toBeGreaterThan(0);
      expect(
        calls.filter((c) => JSON.stringify(c.request).includes("task: compose-judge")).length,
      ).toBeGreaterThan(0);

      const compounds = t.db
        .select()
        .from(instructions)
        .where(and(eq(instructions.projectId, projectId), eq(instructions.kind, "compound")))
        .all();
      const kept = compounds.filter((c) => c.pipelineStatus === "kept");
      const dropped = compounds.filter((c) => c.pipelineStatus === "dropped");
      expect(kept.length).toBeGreaterThan(0);
      expect(dropped.length).toBeGreaterThan(0);
      const numberOf = new Map(
        t.db
          .select({ id: instructions.id, number: instructions.number })
          .from(instructions)
          .all()
          .map((i) => [i.id, i.number]),
      );
      for (const c of compounds) {
        const parts = t.db
          .select()
          .from(compoundConstituents)
          .where(eq(compoundConstituents.compoundId, c.id))
          .all()
          .map((p) => p.constituentId);
        expect(parts).toHaveLength(2);
        expect(c.constraintCount).toBe(2);
        const verdict = byKey.get(pairKey(parts[0]!, parts[1]!))!.verdict;
        if (c.pipelineStatus === "kept") expect(verdict).toBe("compatible");
        else {
          expect(verdict).toBe("conflict");
          // The pair is named by the instructions' numbers.
          expect(c.dropReason).toContain(
            `instructions #${numberOf.get(Math.min(...parts))} and #${numberOf.get(Math.max(...parts))}: conflict (judge, unverified)`,
          );
        }
        // Each constraint's text stands in the compound's text, verbatim.
        for (const id of parts)
          expect(c.text).toContain(
            t.db.select().from(instructions).where(eq(instructions.id, id)).get()!.text.slice(1),
          );
      }
      t.cleanup();
    },
  );

  it(
    "never draws two constraints of one group (the same kind of check), and uses each instruction at most m times",
    { timeout: 120_000 },
    async () => {
      const { t, projectId, ids } = await setUp(
        composeConfig(11, { count: 30, sizeWeights: "1,1,1", maxUsesPerInstruction: 4 }),
      );
      await runStage(t, projectId);
      // "ends with a question mark" and "ends with That is all." are one kind of check (endsWith of a string).
      const groups = diversityGroups(
        (Object.keys(HAND_MADE) as Array<keyof typeof HAND_MADE>).map((k) => ({
          id: ids[k],
          text: HAND_MADE[k].text,
          verifierSources: [HAND_MADE[k].source],
        })),
        0.95,
      );
      expect(groups.get(ids.qend)).toBe(groups.get(ids.allDone));
      expect(groups.get(ids.w300)).not.toBe(groups.get(ids.w50));
      const compounds = t.db
        .select()
        .from(instructions)
        .where(and(eq(instructions.projectId, projectId), eq(instructions.kind, "compound")))
        .all();
      const uses = new Map<number, number>();
      const sizes = new Set<number>();
      for (const c of compounds) {
        const parts = t.db
          .select()
          .from(compoundConstituents)
          .where(eq(compoundConstituents.compoundId, c.id))
          .all()
          .map((p) => p.constituentId);
        sizes.add(parts.length);
        expect(new Set(parts.map((p) => groups.get(p))).size, c.text).toBe(parts.length);
        if (c.pipelineStatus === "kept") for (const p of parts) uses.set(p, (uses.get(p) ?? 0) + 1);
      }
      expect([...uses.values()].every((n) => n <= 4)).toBe(true);
      expect([...sizes].sort()).toEqual([2, 3, 4]);
      t.cleanup();
    },
  );

  it(
    "is deterministic for a seed, and another seed draws other compounds",
    { timeout: 120_000 },
    async () => {
      const snapshots: string[][] = [];
      for (const seed of [5, 5, 6]) {
        const { t, projectId } = await setUp(
          composeConfig(seed, { count: 12, sizeWeights: "2,1" }),
        );
        await runStage(t, projectId);
        snapshots.push(composeSnapshot(t.db, projectId));
        t.cleanup();
      }
      expect(snapshots[0]!.length).toBeGreaterThan(12);
      expect(snapshots[1]).toEqual(snapshots[0]);
      expect(snapshots[2]).not.toEqual(snapshots[0]);
    },
  );

  it("does nothing when off (both presets' default)", { timeout: 60_000 }, async () => {
    const config = smallConfig(fake.url);
    expect(config.compose.enabled).toBe(false);
    const { t, projectId } = await setUp(config);
    await runStage(t, projectId);
    expect(t.db.select().from(instructions).where(eq(instructions.kind, "compound")).all()).toEqual(
      [],
    );
    expect(t.db.select().from(llmCalls).all()).toEqual([]);
    t.cleanup();
  });
});

describe("a compose stage killed with SIGKILL at a named point", () => {
  it(
    "resumes to exactly what an uninterrupted run composes, paying no completed call twice",
    { timeout: 240_000 },
    async () => {
      const config = composeConfig(9, { count: 25, sizeWeights: "2,1" });
      const reference = await setUp(config);
      const ref = await spawnCliRun(reference.t.file, reference.projectId, [
        "--from",
        "compose",
        "--to",
        "compose",
      ]).exited;
      expect(ref.code, ref.output).toBe(0);

      const killed = await setUp(config);
      await fake.reset();
      const first = await spawnCliRun(
        killed.t.file,
        killed.projectId,
        ["--from", "compose", "--to", "compose"],
        { AUTOIF_TEST_KILL_AT: "stage:compose:5" },
      ).exited;
      expect(first.signal, first.output).toBe("SIGKILL");
      const paidAtKill = killed.t.db
        .select({ hash: llmCalls.requestHash })
        .from(llmCalls)
        .where(eq(llmCalls.status, "completed"))
        .all();
      expect(paidAtKill.length).toBeGreaterThan(0);
      const second = await spawnCliRun(killed.t.file, killed.projectId, [
        "--from",
        "compose",
        "--to",
        "compose",
      ]).exited;
      expect(second.code, second.output).toBe(0);
      const stats = await fake.stats();
      for (const { hash } of paidAtKill)
        expect(stats.completionsByHash[hash], `request ${hash} was sent again`).toBe(1);
      expect(composeSnapshot(killed.t.db, killed.projectId)).toEqual(
        composeSnapshot(reference.t.db, reference.projectId),
      );
      reference.t.cleanup();
      killed.t.cleanup();
    },
  );
});
