import { env } from "./env.mjs";

/**
 * TEST ONLY. Crash tests set AUTOIF_TEST_KILL_AT to one of these points and the process SIGKILLs
 * itself there, at once and every time, instead of a watcher racing a poll:
 *
 * - `stage:<stage>:<n>`: right after the n-th unit of that stage finished by this process has
 *   committed (server/pipeline/progress.ts);
 * - `write:<file name>`: a file we own is fully written under its temporary name and flushed,
 *   not yet renamed over the real one (server/atomicFile.ts);
 * - `bulk-review:<n>`: inside a bulk review's transaction, after its n-th batch of 500 verdicts
 *   was written and before the commit (server/services/reviews.ts);
 * - `export:<n>`: an export has handed over its n-th chunk and not yet finished (server/export/exportJob.ts);
 * - `batch-import:<file name>`: a batch output import (of that first file) has written every call
 *   and request status and not yet committed (server/batch/importBatch.ts);
 * - `seed-import:<file name>`: a seed import of that file has inserted its rows and not yet
 *   committed (server/services/seeds.ts);
 * - `reference-import:<file name>`: an import of a file of the AutoIF reference scripts has written
 *   all its rows and not yet committed (server/services/referenceImport.ts);
 * - `rewards:<n>`: the reward server has scored its n-th request and neither logged nor answered
 *   it (server/rewards/rewardHttp.ts).
 *
 * Unset (always, outside tests) it costs one comparison.
 */
export function killPoint(...parts: Array<string | number>): void {
  const at = env().AUTOIF_TEST_KILL_AT;
  if (at !== undefined && at === parts.join(":")) process.kill(process.pid, "SIGKILL");
}
