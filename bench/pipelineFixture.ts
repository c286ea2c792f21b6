// The data bench:pipeline runs on: a project whose verify-gen stage makes exactly
// `instructionCount x k` generator calls at a given concurrency, against the fake server.
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, llmCalls } from "@/db/schema";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { addProject, smallConfig } from "@/server/pipeline/testing/pipelineTestBed";
import * as families from "@/server/llm/scripted/fakeLlmFamilies";

// Instructions of the families the fake model knows, so its answers (sizes, parse failures) are
// the ones a real run against it would see.
const sized = [
  families.minWords,
  families.maxWords,
  families.minSentences,
  families.bullets,
  families.paragraphs,
  families.sections,
  families.numbered,
  families.maxChars,
  families.minChars,
];

/** `n` distinct instruction texts (n up to about 9 x 1,000). */
export function benchInstructions(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => sized[i % sized.length]!(2 + Math.floor(i / sized.length)).text,
  );
}

/** The bench configuration: K calls per instruction, `concurrency` generator requests at once, no budget cap. */
export function benchConfig(baseUrl: string, k: number, concurrency: number): PipelineConfig {
  const config = smallConfig(baseUrl);
  return {
    ...config,
    verifyGen: { ...config.verifyGen, functionsPerInstruction: k },
    llm: { ...config.llm, generator: { ...config.llm.generator, concurrency, timeoutMs: 10_000 } },
    budget: { maxCostUsd: null, maxCalls: null },
  };
}

/** A project holding `texts` as instructions that augmentation kept and verify-gen has not seen. */
export function addBenchProject(db: Db, config: PipelineConfig, texts: string[]): number {
  const projectId = addProject(db, config, 1);
  db.insert(instructions)
    .values(
      texts.map((text) => ({
        projectId,
        text,
        normalizedHash: instructionHash(text),
        pipelineStage: "augment",
        pipelineStatus: "pending" as const,
      })),
    )
    .run();
  return projectId;
}

/** Puts the project's instructions back before verify-gen, as a run killed mid-stage leaves them. */
export function rewindToAugment(db: Db, projectId: number): void {
  db.update(instructions)
    .set({ pipelineStage: "augment" })
    .where(eq(instructions.projectId, projectId))
    .run();
}

/** llm_calls rows of a run by status. */
export function callCounts(db: Db, runId: number): Record<string, number> {
  const rows = db
    .select({ status: llmCalls.status, n: count() })
    .from(llmCalls)
    .where(eq(llmCalls.runId, runId))
    .groupBy(llmCalls.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Percentiles (0..1) of the recorded latency in ms (send to answer, our queueing included) of a run's calls. */
export function latencyPercentiles(db: Db, runId: number, ps: number[]): number[] {
  const ms = db
    .select({ ms: llmCalls.latencyMs })
    .from(llmCalls)
    .where(eq(llmCalls.runId, runId))
    .all()
    .map((r) => r.ms ?? 0)
    .sort((a, b) => a - b);
  return ps.map((p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? Number.NaN);
}

/**
 * How a run's calls filled the concurrency, from their pending and finish times in llm_calls:
 * ms from the first send until `target` were in flight at once (undefined: never), the calls
 * started before that, and calls per second from that moment to the last answer.
 */
export function concurrencyRamp(
  db: Db,
  runId: number,
  target: number,
): { rampMs?: number; startedBefore: number; steadyRate?: number } {
  const rows = db
    .select({ start: llmCalls.createdAt, end: llmCalls.completedAt })
    .from(llmCalls)
    .where(eq(llmCalls.runId, runId))
    .all();
  const events = rows.flatMap((r) => [
    { t: r.start.getTime(), d: 1 },
    ...(r.end ? [{ t: r.end.getTime(), d: -1 }] : []),
  ]);
  // At equal times finishes count first, so the in-flight count is never overstated.
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let inFlight = 0;
  const full = events.find((e) => (inFlight += e.d) >= target);
  const first = events[0]?.t;
  if (!full || first === undefined) return { startedBefore: rows.length };
  const last = Math.max(...events.map((e) => e.t));
  const after = rows.filter((r) => r.start.getTime() >= full.t).length;
  return {
    rampMs: full.t - first,
    startedBefore: rows.length - after,
    steadyRate: last > full.t ? (after * 1000) / (last - full.t) : undefined,
  };
}
