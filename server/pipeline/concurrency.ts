import pLimit from "p-limit";

/**
 * Thrown by a stage whose LLM calls went offline: `requests` of its units wait for a batch
 * output file (server/batch). The stage wrote nothing for those units; once their answers are in
 * the call log, running it again continues as if they had been live calls.
 */
export class StageAwaitingBatchError extends Error {
  override name = "StageAwaitingBatchError";
  constructor(readonly units: number) {
    super(`${units} unit(s) wait for offline batch answers`);
  }
}

/** A unit's call was deferred to a batch file (server/llm/errors.ts LlmDeferredError, by name so this file stays import-free). */
export const isDeferred = (error: unknown): boolean =>
  error instanceof Error && error.name === "LlmDeferredError";

/**
 * Awaits every promise, then throws the first rejection that is not a deferral, else the first
 * deferral, else returns the values in order: a unit whose calls are independent asks for all of
 * them at once, so an offline stage collects every one of them in one batch.
 */
export async function settleAll<T>(promises: Array<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const rejected = settled
    .filter((s): s is PromiseRejectedResult => s.status === "rejected")
    .map((s) => s.reason as unknown);
  const fatal = rejected.find((r) => !isDeferred(r));
  if (fatal !== undefined) throw fatal;
  if (rejected.length) throw rejected[0];
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/**
 * Runs `work` on every item with at most `concurrency` at once, in item order of start; stops
 * starting new items once `signal` is aborted. The first thrown error (a fatal one: bad key,
 * budget) stops new items and is rethrown after the running ones settle. A unit whose call was
 * deferred to a batch file does not stop the others: they all run, and StageAwaitingBatchError
 * says how many wait.
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const limit = pLimit(Math.max(1, concurrency));
  let fatal: unknown;
  let deferred = 0;
  await Promise.all(
    items.map((item, index) =>
      limit(async () => {
        if (signal.aborted || fatal !== undefined) return;
        try {
          await work(item, index);
        } catch (error) {
          if (isDeferred(error)) deferred++;
          else fatal ??= error;
        }
      }),
    ),
  );
  if (fatal !== undefined) throw fatal;
  if (deferred > 0) throw new StageAwaitingBatchError(deferred);
}
