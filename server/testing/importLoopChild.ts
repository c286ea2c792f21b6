/**
 * A child process for the crash tests: imports seed files of `batch` seeds into project
 * `projectId` one after another (`crash-<tag>-<round>.txt`), each in its one transaction, until it
 * is killed (the tests set a kill point, AUTOIF_TEST_KILL_AT=seed-import:<file>). Prints "ready"
 * once the database is open, then "begin" before and "imported <n>" after each import.
 *
 *   node --conditions=react-server --import tsx server/testing/importLoopChild.ts <db> <projectId> <batch> <tag>
 */
import { openDatabase } from "@/db/client";
import { importSeeds } from "../services/seeds";

const [dbFile, projectIdArg, batchArg, tag] = process.argv.slice(2);
const db = openDatabase(dbFile!);
const projectId = Number(projectIdArg);
const batch = Number(batchArg);
process.stdout.write("ready\n");
for (let round = 0; ; round++) {
  const lines = Array.from(
    { length: batch },
    (_, i) => `Crash test ${tag} round ${round} seed ${i}: answer briefly.`,
  );
  process.stdout.write("begin\n");
  const { imported } = importSeeds(db, {
    projectId,
    fileName: `crash-${tag}-${round}.txt`,
    format: "txt",
    content: lines.join("\n"),
  });
  process.stdout.write(`imported ${imported}\n`);
}
