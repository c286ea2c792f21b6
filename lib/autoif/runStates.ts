/** Every state a pipeline run can be in (`runs.state`). */
export const runStates = ["queued", "running", "stopping", "paused", "finished", "failed"] as const;
export type RunState = (typeof runStates)[number];

/** Live: waiting for a runner or being run. A project has at most one live run, and the studio polls while one is. */
export const liveRunStates = [
  "queued",
  "running",
  "stopping",
] as const satisfies readonly RunState[];

/** A runner may claim the run (whether it may take it from a holder is the lease's decision). */
export const claimableRunStates = [
  "queued",
  "running",
  "paused",
  "failed",
] as const satisfies readonly RunState[];

/** Held by a runner: a claim whose lease has run out means the holder died and the run is runnable again. */
export const heldRunStates = ["running", "stopping"] as const satisfies readonly RunState[];

/** Stopped before the end: the user may put it back in the queue. */
export const resumableRunStates = ["paused", "failed"] as const satisfies readonly RunState[];

/** Not finished: `autoif run --project` continues the newest such run rather than start another. */
export const unfinishedRunStates: readonly RunState[] = runStates.filter((s) => s !== "finished");

export function isLiveRun(state: string): boolean {
  return (liveRunStates as readonly string[]).includes(state);
}

export function isResumableRun(state: string): boolean {
  return (resumableRunStates as readonly string[]).includes(state);
}
