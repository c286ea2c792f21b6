import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  instructions,
  preferencePairs,
  responses,
  samples,
  testCases,
  verifiers,
} from "@/db/schema";
import {
  instructionOfSample,
  instructionOfTestCase,
  instructionOfVerifier,
} from "@/db/projectScope";
import { reasonGroup } from "@/lib/autoif/reasonGroup";

export interface FunnelRow {
  item: "instructions" | "verifiers" | "test cases" | "responses" | "pairs";
  total: number;
  kept: number;
  pending: number;
  dropped: number;
  reasons: Array<{ reason: string; count: number }>;
}

function group(
  rows: Array<{ status: string; reason: string | null; n: number }>,
  item: FunnelRow["item"],
): FunnelRow {
  const reasons = new Map<string, number>();
  let kept = 0;
  let pending = 0;
  let dropped = 0;
  for (const r of rows) {
    if (r.status === "kept") kept += r.n;
    else if (r.status === "pending") pending += r.n;
    else {
      dropped += r.n;
      const key = reasonGroup(r.reason ?? "no reason recorded");
      reasons.set(key, (reasons.get(key) ?? 0) + r.n);
    }
  }
  return {
    item,
    total: kept + pending + dropped,
    kept,
    pending,
    dropped,
    reasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
  };
}

/** Instructions, verifiers and test cases of a project: how many are kept, pending, dropped and why. */
export function projectFunnel(db: Db, projectId: number): FunnelRow[] {
  return funnelOf(db, projectId);
}

/**
 * The funnel of what one run worked on: instructions it wrote or changed (and their verifiers and
 * test cases), responses and pairs of its samples or changed by it. "Changed by it" is an update
 * since the run first started; one live run per project keeps that window the run's own (a
 * reviewer's verdict in the window counts its item in too).
 */
export function runFunnel(
  db: Db,
  projectId: number,
  run: { id: number; since: Date },
): FunnelRow[] {
  return funnelOf(db, projectId, run);
}

function funnelOf(db: Db, projectId: number, run?: { id: number; since: Date }): FunnelRow[] {
  const since = run?.since.getTime() ?? 0;
  const instrOfRun = run
    ? sql`(${instructions.runId} = ${run.id} or ${instructions.updatedAt} >= ${since})`
    : undefined;
  const inProject = instrOfRun
    ? and(eq(instructions.projectId, projectId), instrOfRun)
    : eq(instructions.projectId, projectId);
  const instr = db
    .select({
      status: instructions.pipelineStatus,
      reason: instructions.dropReason,
      n: sql<number>`count(*)`,
    })
    .from(instructions)
    .where(inProject)
    .groupBy(instructions.pipelineStatus, instructions.dropReason)
    .all();
  const fns = db
    .select({
      status: verifiers.pipelineStatus,
      reason: verifiers.dropReason,
      n: sql<number>`count(*)`,
    })
    .from(verifiers)
    .innerJoin(instructions, instructionOfVerifier(projectId))
    .where(instrOfRun)
    .groupBy(verifiers.pipelineStatus, verifiers.dropReason)
    .all();
  const cases = db
    .select({
      status: testCases.pipelineStatus,
      reason: testCases.dropReason,
      n: sql<number>`count(*)`,
    })
    .from(testCases)
    .innerJoin(instructions, instructionOfTestCase(projectId))
    .where(instrOfRun)
    .groupBy(testCases.pipelineStatus, testCases.dropReason)
    .all();
  const resp = db
    .select({
      status: responses.pipelineStatus,
      reason: responses.dropReason,
      n: sql<number>`count(*)`,
    })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .where(
      run ? sql`(${samples.runId} = ${run.id} or ${responses.updatedAt} >= ${since})` : undefined,
    )
    .groupBy(responses.pipelineStatus, responses.dropReason)
    .all();
  const pairs = db
    .select({
      status: preferencePairs.pipelineStatus,
      reason: sql<string | null>`null`,
      n: sql<number>`count(*)`,
    })
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    .where(
      run
        ? sql`(${samples.runId} = ${run.id} or ${preferencePairs.updatedAt} >= ${since})`
        : undefined,
    )
    .groupBy(preferencePairs.pipelineStatus)
    .all();
  return [
    group(instr, "instructions"),
    group(fns, "verifiers"),
    group(cases, "test cases"),
    group(resp, "responses"),
    group(pairs, "pairs"),
  ];
}
