/**
 * A child process for the contention tests: adds `count` seeds one by one (each a read-then-write
 * transaction: duplicate check, then insert), as a reviewer clicking quickly would, and prints
 * "done <n>" and every error it met. Exits 0 only if every add succeeded.
 *
 *   node --conditions=react-server --import tsx server/testing/seedAddLoopChild.ts <db> <projectId> <count> <tag>
 */
import { openDatabase } from "@/db/client";
import { addSeed } from "../services/seeds";

const [dbFile, projectIdArg, countArg, tag] = process.argv.slice(2);
const db = openDatabase(dbFile!);
let failed = 0;
for (let i = 0; i < Number(countArg); i++) {
  try {
    addSeed(db, {
      projectId: Number(projectIdArg),
      text: `Contention ${tag} seed ${i}: answer briefly.`,
    });
  } catch (error) {
    failed++;
    process.stdout.write(
      `error ${error instanceof Error ? `${(error as { code?: string }).code ?? ""} ${error.message}` : String(error)}\n`,
    );
  }
}
process.stdout.write(`done ${Number(countArg) - failed}\n`);
process.exit(failed === 0 ? 0 : 1);
