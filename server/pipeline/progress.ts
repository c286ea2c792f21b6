import { and, eq, sql } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { failedUnits, stageProgress } from "@/db/schema";
import { killPoint } from "../killPoints";
import type { StageName, StageProgress } from "./types";

/**
 * Records one stage's progress in `stage_progress` (what the Runs page shows) and its failed units
 * with their raw output. Counts are written as they change; SQLite handles that rate easily.
 */
export function stageProgressRecorder(
  db: Db,
  runId: number,
  stage: StageName,
  onChange?: (p: { stage: StageName; done: number; total: number; failed: number }) => void,
): StageProgress & { start(): void; finish(state: "done" | "failed" | "pending"): void } {
  const row = () =>
    db
      .select()
      .from(stageProgress)
      .where(and(eq(stageProgress.runId, runId), eq(stageProgress.stage, stage)))
      .get();
  let failures = 0;
  // Units this process finished in this stage, for the crash tests' kill point.
  let committed = 0;
  const notify = () => {
    if (!onChange) return;
    const r = row();
    if (r && onChange) onChange({ stage, done: r.done, total: r.total, failed: r.failed });
  };
  const where = and(eq(stageProgress.runId, runId), eq(stageProgress.stage, stage));
  // Prepared once: a unit finishing is the hottest write of a run.
  const bumpDone = db.$client.prepare(
    "update stage_progress set done = done + 1, updated_at = ? where run_id = ? and stage = ?",
  );
  // Failed units recorded by an earlier process of this run may be cleared by a unit that now succeeds.
  const resumed =
    db
      .select({ id: failedUnits.id })
      .from(failedUnits)
      .where(and(eq(failedUnits.runId, runId), eq(failedUnits.stage, stage)))
      .limit(1)
      .get() !== undefined;
  return {
    start() {
      db.insert(stageProgress)
        .values({
          runId,
          stage,
          state: "running",
          done: 0,
          total: 0,
          failed: 0,
          status: "starting",
          startedAt: new Date(),
        })
        .onConflictDoUpdate({
          target: [stageProgress.runId, stageProgress.stage],
          set: {
            state: "running",
            done: 0,
            total: 0,
            failed: 0,
            status: "starting",
            startedAt: new Date(),
          },
        })
        .run();
      notify();
    },
    setTotal(total) {
      db.update(stageProgress).set({ total }).where(where).run();
      notify();
    },
    unitDone(unitKey) {
      writeTransaction(db, (tx) => {
        bumpDone.run(Date.now(), runId, stage);
        // A unit that failed before and succeeds on resume is no longer a failure.
        if (unitKey && (failures > 0 || resumed))
          tx.delete(failedUnits)
            .where(and(eq(failedUnits.runId, runId), eq(failedUnits.unitKey, unitKey)))
            .run();
      });
      killPoint("stage", stage, ++committed);
      notify();
    },
    unitFailed(unitKey, error, raw, llmCallId) {
      failures++;
      writeTransaction(db, (tx) => {
        tx.update(stageProgress)
          .set({ done: sql`${stageProgress.done} + 1`, failed: sql`${stageProgress.failed} + 1` })
          .where(where)
          .run();
        tx.insert(failedUnits)
          .values({ runId, stage, unitKey, error, raw: raw ?? null, llmCallId: llmCallId ?? null })
          .onConflictDoUpdate({
            target: [failedUnits.runId, failedUnits.unitKey],
            set: { error, raw: raw ?? null, llmCallId: llmCallId ?? null },
          })
          .run();
      });
      killPoint("stage", stage, ++committed);
      notify();
    },
    status(text) {
      db.update(stageProgress)
        .set({ status: text.slice(0, 200) })
        .where(where)
        .run();
    },
    finish(state) {
      // A finished stage is doing nothing; a stopped or failed one says where it stood.
      db.update(stageProgress)
        .set(state === "done" ? { state, status: null } : { state })
        .where(where)
        .run();
      notify();
    },
  };
}
