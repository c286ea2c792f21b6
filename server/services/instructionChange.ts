import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  instructions,
  preferencePairs,
  responses,
  samples,
  testCases,
  verifiers,
} from "@/db/schema";

type Status = "pending" | "kept" | "dropped";

/** The decisions about one instruction at a moment, to tell what an edit changed. */
export interface InstructionSnapshot {
  instruction: { status: Status; reason: string | null };
  cases: Map<number, Status>;
  functions: Map<number, { status: Status; accuracy: number | null }>;
  responses: Map<number, { passRate: number | null; status: Status }>;
  pairs: number;
}

/** What an edit changed, for the page to show; lists are capped, counts are not. */
export interface InstructionChange {
  instruction: {
    before: InstructionSnapshot["instruction"];
    after: InstructionSnapshot["instruction"];
  };
  cases: {
    total: number;
    keptBefore: number;
    keptAfter: number;
    changed: Array<{ id: number; before: Status | null; after: Status }>;
  };
  functions: {
    total: number;
    keptBefore: number;
    keptAfter: number;
    changed: Array<{
      id: number;
      before: Status | null;
      after: Status;
      accuracyBefore: number | null;
      accuracyAfter: number | null;
    }>;
  };
  responses: {
    total: number;
    keptBefore: number;
    keptAfter: number;
    /** Responses whose pass rate or status moved. */
    moved: number;
    examples: Array<{
      id: number;
      passRateBefore: number | null;
      passRateAfter: number | null;
      statusBefore: Status;
      statusAfter: Status;
    }>;
  };
  pairs: { before: number; after: number };
}

const EXAMPLES = 200;

/** Reads the current decisions of an instruction and everything under it. */
export function snapshotInstruction(db: Db, instructionId: number): InstructionSnapshot {
  const ins = db
    .select({ status: instructions.pipelineStatus, reason: instructions.dropReason })
    .from(instructions)
    .where(eq(instructions.id, instructionId))
    .get();
  const cases = db
    .select({ id: testCases.id, status: testCases.pipelineStatus })
    .from(testCases)
    .where(eq(testCases.instructionId, instructionId))
    .all();
  const fns = db
    .select({ id: verifiers.id, status: verifiers.pipelineStatus, accuracy: verifiers.accuracy })
    .from(verifiers)
    .where(eq(verifiers.instructionId, instructionId))
    .all();
  const rs = db
    .select({ id: responses.id, passRate: responses.passRate, status: responses.pipelineStatus })
    .from(responses)
    .innerJoin(samples, eq(samples.id, responses.sampleId))
    .where(eq(samples.instructionId, instructionId))
    .orderBy(asc(responses.id))
    .all();
  const pairs = db
    .select({ n: count() })
    .from(preferencePairs)
    .innerJoin(samples, eq(samples.id, preferencePairs.sampleId))
    .where(eq(samples.instructionId, instructionId))
    .get();
  return {
    instruction: { status: ins?.status ?? "pending", reason: ins?.reason ?? null },
    cases: new Map(cases.map((c) => [c.id, c.status])),
    functions: new Map(fns.map((f) => [f.id, { status: f.status, accuracy: f.accuracy }])),
    responses: new Map(rs.map((r) => [r.id, { passRate: r.passRate, status: r.status }])),
    pairs: pairs?.n ?? 0,
  };
}

const keptIn = (statuses: Iterable<Status>) => [...statuses].filter((s) => s === "kept").length;

/** Compares two snapshots of the same instruction. */
export function diffSnapshots(
  before: InstructionSnapshot,
  after: InstructionSnapshot,
): InstructionChange {
  const caseChanges: InstructionChange["cases"]["changed"] = [];
  for (const [id, status] of after.cases) {
    const was = before.cases.get(id) ?? null;
    if (was !== status) caseChanges.push({ id, before: was, after: status });
  }
  const fnChanges: InstructionChange["functions"]["changed"] = [];
  for (const [id, f] of after.functions) {
    const was = before.functions.get(id);
    if (!was || was.status !== f.status || was.accuracy !== f.accuracy) {
      fnChanges.push({
        id,
        before: was?.status ?? null,
        after: f.status,
        accuracyBefore: was?.accuracy ?? null,
        accuracyAfter: f.accuracy,
      });
    }
  }
  const moved: InstructionChange["responses"]["examples"] = [];
  for (const [id, r] of after.responses) {
    const was = before.responses.get(id);
    if (was && (was.passRate !== r.passRate || was.status !== r.status)) {
      moved.push({
        id,
        passRateBefore: was.passRate,
        passRateAfter: r.passRate,
        statusBefore: was.status,
        statusAfter: r.status,
      });
    }
  }
  return {
    instruction: { before: before.instruction, after: after.instruction },
    cases: {
      total: after.cases.size,
      keptBefore: keptIn(before.cases.values()),
      keptAfter: keptIn(after.cases.values()),
      changed: caseChanges,
    },
    functions: {
      total: after.functions.size,
      keptBefore: keptIn([...before.functions.values()].map((f) => f.status)),
      keptAfter: keptIn([...after.functions.values()].map((f) => f.status)),
      changed: fnChanges,
    },
    responses: {
      total: after.responses.size,
      keptBefore: keptIn([...before.responses.values()].map((r) => r.status)),
      keptAfter: keptIn([...after.responses.values()].map((r) => r.status)),
      moved: moved.length,
      examples: moved.slice(0, EXAMPLES),
    },
    pairs: { before: before.pairs, after: after.pairs },
  };
}
