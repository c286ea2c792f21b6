/**
 * `npm run autoif -- <command>`: the pipeline from the command line, on the same database and
 * services as the studio.
 */
import { Command, Option } from "commander";
import { FORMAT_IDS } from "@/lib/formats/formats";
import { STAGES } from "../pipeline/types";
import { backupCommand } from "./commands/backup";
import { queryFormats } from "@/lib/queries/queryRecord";
import { queriesImportCommand } from "./commands/queries";
import { replayCommand } from "./commands/replay";
import { exportCommand } from "./commands/export";
import { runCommand } from "./commands/run";
import { runsCommand } from "./commands/runs";

const program = new Command("autoif")
  .description("AutoIF Studio command line: run the pipeline, list runs, back up the database.")

program
  .description("AutoIF Studio command line: run the pipeline, replay thresholds, import query pools, list runs.")
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

program
  .command("replay")
  .description("Recompute every decision from stored results at other thresholds, without LLM calls.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--set <knob=value...>", "thresholds to change, e.g. execute.sftPassRateThreshold=0.8 score.threshold=9")
  .option("--apply", "write the decisions and the thresholds (default: preview only)")
  .option("--json", "print as JSON")
  .action(replayCommand);

program
  .command("queries")
  .description("Manage a project's query pool.")
  .command("import")
  .description("Import a query pool file (streamed; nothing is written if a line is bad).")
  .requiredOption("--project <name-or-id>", "project name or id")
  .requiredOption("--file <path>", "JSONL ({query|text} or ShareGPT lines), ShareGPT .json array, .csv or .txt")
  .addOption(new Option("--format <format>", "file format (default: from the extension)").choices([...queryFormats]))
  .option("--column <name>", "CSV column holding the queries")
  .option("--min <chars>", "keep queries strictly longer than this (default 20)")
  .option("--max <chars>", "keep queries strictly shorter than this (default 300)")
  .option("--json", "print as JSON")
  .action(queriesImportCommand);

program
  .command("export")
  .description("Export a project's SFT examples or DPO pairs as JSONL for a trainer, with a manifest beside the file.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .addOption(new Option("--format <format>", "file format (SFT: alpaca, sharegpt, openai-chat; DPO: alpaca-preference, trl-preference, trl-preference-conversational, openai-preference)").choices(FORMAT_IDS).makeOptionMandatory())
  .requiredOption("--out <file>", "the JSONL file to write; the manifest goes beside it as <name>.manifest.json")
  .addOption(new Option("--pipeline <which>", "pipeline status of the rows").choices(["kept", "kept-or-approved", "any"]).default("kept"))
  .addOption(new Option("--review <which>", "review status (reviewer-rejected rows are never exported)").choices(["exclude-rejected", "approved-only"]).default("exclude-rejected"))
  .option("--instruction-status <list>", "comma-separated instruction pipeline statuses (kept,pending,dropped)", "kept")
  .option("--min-score <n>", "lowest judge score, 0..10 (DPO: of the chosen response)")
  .option("--max-score <n>", "highest judge score, 0..10")
  .option("--min-pass-rate <f>", "lowest pass rate, 0..1")
  .option("--max-pass-rate <f>", "highest pass rate, 0..1")
  .option("--benchmark <file...>", "benchmark prompt files (JSONL) to check every prompt against for shared 13-grams")
  .option("--benchmark-field <name>", "the text field of the benchmark files (default: prompt, text, instruction, question or input)")
  .addOption(new Option("--contamination <action>", "what to do with rows that match a benchmark").choices(["exclude", "flag"]).default("exclude"))
  .option("--json", "print the result and manifest as JSON")
  .option("--quiet", "print nothing but errors")
  .action(exportCommand);

program.parseAsync().catch((error: unknown) => {
  console.error(`autoif: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
