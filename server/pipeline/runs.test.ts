import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { runs } from "@/db/schema";
import { runStates, type RunState } from "@/lib/autoif/runStates";
import { createCaller } from "../api/root";
import { claimRun, createRun, requestResume, runnableRuns } from "./runs";

let t: ReturnType<typeof createTestDb>;
let projectId: number;
beforeEach(async () => {
  t = createTestDb();
  projectId = (await createCaller({ db: t.db }).project.create({ name: "States" })).id;
});
afterEach(() => t.cleanup());

/** A run of the project put straight into `state`, with a lease that ran out a minute ago. */
function runIn(state: RunState) {
  const id = createRun(t.db, { projectId }).id;
  t.db
    .update(runs)
    .set({ state, leaseOwner: "someone", leaseExpiresAt: new Date(Date.now() - 60_000) })
    .where(eq(runs.id, id))
    .run();
  return id;
}

describe("run states decide what may happen to a run", () => {
  it.each(runStates)(
    "a %s run: another run of the project, a claim, a resume, the runnable list",
    (state) => {
      const id = runIn(state);
      const live = state === "queued" || state === "running" || state === "stopping";
      if (live)
        expect(() => createRun(t.db, { projectId })).toThrow(
          new RegExp(`already has an active run #${id} \\(${state}\\)`),
        );
      else {
        const other = createRun(t.db, { projectId }).id;
        expect(other).toBe(id + 1);
        // Resuming while another run is live would make two: refused, naming the live one.
        if (state === "paused" || state === "failed")
          expect(() => requestResume(t.db, id)).toThrow(
            new RegExp(`already has an active run #${other} \\(queued\\)`),
          );
        t.db.delete(runs).where(eq(runs.id, other)).run();
      }
      expect(
        runnableRuns(t.db)
          .map((r) => r.id)
          .includes(id),
      ).toBe(live);
      if (state === "paused" || state === "failed")
        expect(requestResume(t.db, id).state).toBe("queued");
      else
        expect(() => requestResume(t.db, id)).toThrow(/only a paused or failed run can be resumed/);
      // The claim comes last: resuming above put a paused or failed run back in the queue, still claimable.
      expect(claimRun(t.db, id, "me")).toBe(state !== "stopping" && state !== "finished");
    },
  );
});
