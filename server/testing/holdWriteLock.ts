/**
 * A child process for the busy-database tests: takes the write lock of the database file with
 * BEGIN IMMEDIATE, prints "held", and keeps it until its stdin closes (or it is killed), as a
 * long import or a stuck CLI in another terminal would.
 *
 *   node --import tsx server/testing/holdWriteLock.ts <db>
 */
import Database from "better-sqlite3";

const sqlite = new Database(process.argv[2]!);
sqlite.exec("BEGIN IMMEDIATE");
process.stdout.write("held\n");
process.stdin.resume();
process.stdin.on("end", () => {
  sqlite.exec("ROLLBACK");
  sqlite.close();
  process.exit(0);
});
