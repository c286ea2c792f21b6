import pLimit from "p-limit";

/**
 * Runs `work` on every item with at most `concurrency` at once, in item order of start; stops
 * starting new items once `signal` is aborted. The first thrown error (a fatal one: bad key,
 * budget) stops new items and is rethrown after the running ones settle.
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const limit = pLimit(Math.max(1, concurrency));
  let fatal: unknown;
  await Promise.all(
    items.map((item, index) =>
      limit(async () => {
        if (signal.aborted || fatal !== undefined) return;
        try {
          await work(item, index);
        } catch (error) {
          fatal ??= error;
        }
      }),
    ),
  );
  if (fatal !== undefined) throw fatal;
}
