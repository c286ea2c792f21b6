/**
 * Seeds for the isolation schedules: fixed ones, so a run is comparable with the last, plus one
 * new each run (or ISOLATION_SEED to replay a failure; every failure message names its seed).
 */
export function isolationSeeds(fixed: readonly number[]): number[] {
  const replay = Number(process.env.ISOLATION_SEED);
  if (Number.isInteger(replay) && replay > 0) return [replay];
  return [...fixed, 1 + Math.floor(Math.random() * 2 ** 31)];
}
