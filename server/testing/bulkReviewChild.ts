/**
 * A child process for the crash tests: approves every response of project `projectId` in one bulk
 * review (the studio's `review.bulkResponses`), `expectedCount` being the count a reviewer
 * confirmed, and prints "reviewed <n>". The tests make it die inside the transaction with
 * AUTOIF_TEST_KILL_AT=bulk-review:<batch> (see server/killPoints.ts).
 *
 *   node --conditions=react-server --import tsx server/testing/bulkReviewChild.ts <db> <projectId> <expectedCount>
 */
import { openDatabase } from "@/db/client";
import { createCaller } from "../api/root";

const [dbFile, projectIdArg, expectedArg] = process.argv.slice(2);
const api = createCaller({ db: openDatabase(dbFile!) });
const { count } = await api.review.bulkResponses({
  projectId: Number(projectIdArg),
  filter: { sort: "id" },
  expectedCount: Number(expectedArg),
  verdict: "approve",
  reason: "bulk approval in a crash test",
  reviewer: "crash-test",
});
process.stdout.write(`reviewed ${count}\n`);
