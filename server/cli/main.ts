/**
 * `npm run autoif -- <command>`: the pipeline from the command line, on the same database and
 * services as the studio.
 */
import { Command, Option } from "commander";
import { STAGES } from "../pipeline/types";
import { backupCommand } from "./commands/backup";
import { runCommand } from "./commands/run";
import { runsCommand } from "./commands/runs";

const program = new Command("autoif")
  .description("AutoIF Studio command line: run the pipeline, list runs, back up the database.")
  .showHelpAfterError();

program
  .command("run")
  .description("Run the pipeline for a project; resumes the project's unfinished run unless --new is given.")
  .option("--project <name-or-id>", "project name or id (required unless --run is given)")
  .addOption(new Option("--from <stage>", "first stage").choices([...STAGES]))
  .addOption(new Option("--to <stage>", "last stage").choices([...STAGES]))
  .option("--run <id>", "execute this run (queued, paused or failed)")
  .option("--new", "start a new run even if one is unfinished")
  .option("--base-url <url>", "OpenAI-compatible base URL for both roles (overrides the project's settings)")
  .option("--model <name>", "model for both roles (overrides the project's settings)")
  .option("--json", "print the summary as JSON")
  .option("--quiet", "print nothing but errors (the studio's job runner uses this)")
  .action(runCommand);

program
  .command("runs")
  .description("List a project's runs.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--json", "print as JSON")
  .action(runsCommand);

program
  .command("backup")
  .description("Copy the database to <file> with SQLite's online backup (safe while the studio runs) and check the copy.")
  .argument("<file>", "where to write the copy")
  .option("--force", "overwrite <file> if it exists")
  .option("--json", "print the report as JSON")
  .action(backupCommand);

program.parseAsync().catch((error: unknown) => {
  console.error(`autoif: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
