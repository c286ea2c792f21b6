/**
 * `npm run autoif -- <command>`: the pipeline from the command line, on the same database and
 * services as the studio.
 */
import { Command, Option } from "commander";
import { FORMAT_IDS, FORMATS_BY_KIND } from "@/lib/formats/formats";
import { RLVR_FORMAT_IDS } from "@/lib/rl/rlvrFormats";
import { presetNames } from "@/lib/schemas/pipelineConfig";
import { DomainError } from "../errors";
import { STAGES } from "../pipeline/types";
import { queryFormats } from "@/lib/queries/queryRecord";
import { AUTOIF_FILE_KINDS, autoifKindSignatures } from "@/lib/formats/autoifFiles";

/** Each command's module, loaded when the command runs: `--help` and the quick commands do not load the pipeline, the sandbox and the LLM client. */
const modules = {
  backup: () => import("./commands/backup"),
  batch: () => import("./commands/batch"),
  export: () => import("./commands/export"),
  importAutoif: () => import("./commands/importAutoif"),
  projects: () => import("./commands/projects"),
  queries: () => import("./commands/queries"),
  replay: () => import("./commands/replay"),
  run: () => import("./commands/run"),
  runs: () => import("./commands/runs"),
  seeds: () => import("./commands/seeds"),
  settings: () => import("./commands/settings"),
  split: () => import("./commands/split"),
  rewards: () => import("./commands/rewards"),
};

function lazy<
  F extends keyof typeof modules,
  K extends keyof Awaited<ReturnType<(typeof modules)[F]>>,
>(file: F, name: K) {
  return async (...args: unknown[]): Promise<void> => {
    const mod = await modules[file]();
    await (mod[name as keyof typeof mod] as (...a: unknown[]) => unknown)(...args);
  };
}

const program = new Command("autoif")
  .description(
    "AutoIF Studio command line: projects, seeds and settings; run the pipeline, replay thresholds, import query pools, list runs, export, back up the database.",
  )
  // A usage error is one line like every other error: "autoif: unknown option '--x' (see --help)".
  .configureOutput({
    outputError: (text, write) =>
      write(`autoif: ${text.replace(/^error: /, "").trimEnd()} (see --help)\n`),
  })
  .addHelpText(
    "after",
    "\nEvery command takes --help. Exit code 0: done; 1: an error, said in one line on stderr; 3: an export with no row (nothing written).",
  );

const projectsCli = program
  .command("projects")
  .description("Create, list, rename and delete projects.");
projectsCli
  .command("list")
  .description("List the projects with their seed and instruction counts.")
  .option("--json", "print as JSON")
  .action(lazy("projects", "projectsListCommand"));
projectsCli
  .command("create")
  .description("Create a project with a preset's settings.")
  .argument("<name>", "the project's name (unique, case-insensitive)")
  .option("--description <text>", "what the project is for")
  .addOption(
    new Option("--preset <preset>", "the settings to start from")
      .choices([...presetNames])
      .default("paper"),
  )
  .option("--json", "print the project as JSON")
  .action(lazy("projects", "projectsCreateCommand"));
projectsCli
  .command("rename")
  .description("Rename a project.")
  .argument("<project>", "project name or id")
  .argument("<new-name>", "the new name")
  .option("--json", "print the project as JSON")
  .action(lazy("projects", "projectsRenameCommand"));
projectsCli
  .command("delete")
  .description(
    "Delete a project and everything in it (seeds, instructions, responses, runs, exports).",
  )
  .argument("<project>", "project name or id")
  .option("--yes", "really delete (without it, says what would be removed and exits 1)")
  .option("--json", "print what was removed as JSON")
  .action(lazy("projects", "projectsDeleteCommand"));

const seedsCli = program
  .command("seeds")
  .description("Import, export and list a project's seed instructions.");
seedsCli
  .command("list")
  .description("List a project's seed instructions.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--json", "print as JSON (full texts)")
  .action(lazy("seeds", "seedsListCommand"));
seedsCli
  .command("import")
  .description("Import a seed file: every line, or nothing and each problem with its line.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .requiredOption("--file <path>", ".txt (one instruction a line) or .jsonl ({instruction, tags?})")
  .addOption(
    new Option("--format <format>", "file format (default: from the extension)").choices([
      "txt",
      "jsonl",
    ]),
  )
  .option("--json", "print as JSON")
  .action(lazy("seeds", "seedsImportCommand"));
seedsCli
  .command("export")
  .description("Write a project's seeds as .txt or .jsonl (the files seeds import reads).")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--out <file>", "where to write (default: stdout)")
  .addOption(
    new Option(
      "--format <format>",
      "file format (default: from --out's extension, else txt)",
    ).choices(["txt", "jsonl"]),
  )
  .option("--json", "print where it was written as JSON")
  .action(lazy("seeds", "seedsExportCommand"));

const settingsCli = program
  .command("settings")
  .description("Read and change a project's pipeline settings (the Settings page's knobs).");
settingsCli
  .command("get")
  .description("Print settings as key=value lines (all of them, or the keys given).")
  .argument("[keys...]", "dotted keys, e.g. execute.sftPassRateThreshold")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--json", "print as JSON")
  .action(lazy("settings", "settingsGetCommand"));
settingsCli
  .command("set")
  .description(
    "Change settings, validated by the Settings page's schema; one bad value changes nothing.",
  )
  .argument("<key=value...>", "e.g. execute.sftPassRateThreshold=0.8 budget.maxCalls=null")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--json", "print the saved values as JSON")
  .action(lazy("settings", "settingsSetCommand"));

program
  .command("run")
  .description(
    "Run the pipeline for a project; resumes the project's unfinished run unless --new is given.",
  )
  .option("--project <name-or-id>", "project name or id (required unless --run is given)")
  .addOption(new Option("--from <stage>", "first stage").choices([...STAGES]))
  .addOption(new Option("--to <stage>", "last stage").choices([...STAGES]))
  .option("--run <id>", "execute this run (queued, paused or failed)")
  .option("--new", "start a new run even if one is unfinished")
  .option(
    "--base-url <url>",
    "OpenAI-compatible base URL for both roles (overrides the project's settings)",
  )
  .option("--model <name>", "model for both roles (overrides the project's settings)")
  .option("--json", "print the summary as JSON")
  .option("--quiet", "print nothing but errors and warnings (the studio's job runner uses this)")
  .option(
    "--scripted-endpoint",
    "run against the built-in scripted test endpoint (example data; the example run uses it, and resuming such a run starts it again)",
  )
  .addHelpText(
    "after",
    "\nExit codes: 0 finished, 1 failed or bad input, 3 finished but kept 0 instructions, responses or pairs (the warning names the stage and setting), 4 an offline stage waits for batch answers.",
  )
  .action(lazy("run", "runCommand"));

const batchCli = program
  .command("batch")
  .description(
    "Run LLM stages offline: OpenAI Batch JSONL files for vllm run-batch or a Batch API, and their output imported back.",
  );
batchCli
  .command("export")
  .description(
    "Run the project's run with LLM stages offline until a stage waits for answers; write its requests as batch files with a manifest.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--run <id>", "this run (default: the project's unfinished run, else a new one)")
  .option("--new", "start a new run even if one is unfinished")
  .option(
    "--stages <list>",
    "comma-separated LLM stages to run offline (augment, verify-gen, back-translate, respond, score) or all",
    "all",
  )
  .addOption(new Option("--from <stage>", "first stage of a new run").choices([...STAGES]))
  .addOption(new Option("--to <stage>", "last stage of a new run").choices([...STAGES]))
  .option(
    "--out <dir>",
    "also write the files and manifest.json to this folder (they are always written beside the database)",
  )
  .option("--json", "print the run's summary as JSON")
  .action(lazy("batch", "batchExportCommand"));
batchCli
  .command("import")
  .description(
    "Import batch output (and error) files into the call log: every line, or nothing and each problem with its file and line.",
  )
  .argument(
    "<files...>",
    "output files of vllm run-batch or a Batch API (give an error file together with its output file)",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option(
    "--allow-missing",
    "import what is there when some requests of an input file have no line (they keep waiting)",
  )
  .option("--json", "print the report as JSON")
  .action(lazy("batch", "batchImportCommand"));
batchCli
  .command("status")
  .description(
    "Which stage waits on which batch files, and how many requests of each are waiting, imported or failed.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--run <id>", "this run (default: the project's newest)")
  .option("--json", "print as JSON")
  .action(lazy("batch", "batchStatusCommand"));
batchCli
  .command("submit")
  .description(
    "Submit the waiting batch files to the role's OpenAI-compatible Batch API (POST /files, POST /batches).",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--wait", "poll until every batch ends, then import the output and error files")
  .option("--poll-ms <ms>", "time between polls with --wait", "10000")
  .option("--json", "print as JSON")
  .action(lazy("batch", "batchSubmitCommand"));
batchCli
  .command("fetch")
  .description(
    "Ask the Batch API once about the submitted files; download and import those that ended.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--json", "print as JSON")
  .action(lazy("batch", "batchFetchCommand"));

program
  .command("runs")
  .description("List a project's runs.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--json", "print as JSON")
  .action(lazy("runs", "runsCommand"));

program
  .command("backup")
  .description(
    "Copy the database to <file> with SQLite's online backup (safe while the studio runs) and check the copy.",
  )
  .argument("<file>", "where to write the copy")
  .option("--force", "overwrite <file> if it exists")
  .option("--json", "print the report as JSON")
  .action(lazy("backup", "backupCommand"));

program
  .command("replay")
  .description(
    "Recompute every decision from stored results at other thresholds, without LLM calls.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option(
    "--set <knob=value...>",
    "thresholds to change, e.g. execute.sftPassRateThreshold=0.8 score.threshold=9",
  )
  .option("--apply", "write the decisions and the thresholds (default: preview only)")
  .option("--json", "print as JSON")
  .action(lazy("replay", "replayCommand"));

program
  .command("queries")
  .description("Manage a project's query pool.")
  .command("import")
  .description("Import a query pool file (streamed; nothing is written if a line is bad).")
  .requiredOption("--project <name-or-id>", "project name or id")
  .requiredOption(
    "--file <path>",
    "JSONL ({query|text} or ShareGPT lines), ShareGPT .json array, .csv or .txt",
  )
  .addOption(
    new Option("--format <format>", "file format (default: from the extension)").choices([
      ...queryFormats,
    ]),
  )
  .option("--column <name>", "CSV column holding the queries")
  .option("--min <chars>", "keep queries strictly longer than this (default 20)")
  .option("--max <chars>", "keep queries strictly shorter than this (default 300)")
  .option("--json", "print as JSON")
  .action(lazy("queries", "queriesImportCommand"));

program
  .command("import-autoif")
  .description(
    "Import a file of the AutoIF reference scripts (QwenLM/AutoIF) into a project: Python verifiers, cases, queries and responses, all or nothing.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .requiredOption(
    "--file <path>",
    AUTOIF_FILE_KINDS.map((k) => autoifKindSignatures[k].file).join(", ") +
      ", query_score_filter.jsonl or cross_validation.jsonl",
  )
  .addOption(
    new Option("--kind <kind>", "the file's kind (default: told from its first line)").choices([
      ...AUTOIF_FILE_KINDS,
    ]),
  )
  .option("--json", "print as JSON")
  .action(lazy("importAutoif", "importAutoifCommand"));

program
  .command("export")
  .description(
    "Export a project's SFT examples or DPO pairs as JSONL for a trainer, with a manifest beside the file.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .addOption(
    new Option(
      "--format <format>",
      `file format (SFT: ${FORMATS_BY_KIND.sft.map((f) => f.id).join(", ")}; DPO: ${FORMATS_BY_KIND.dpo.map((f) => f.id).join(", ")}; RLVR prompts: ${RLVR_FORMAT_IDS.join(", ")}, with the trainer's reward function beside the file)`,
    )
      .choices([...FORMAT_IDS, ...RLVR_FORMAT_IDS])
      .makeOptionMandatory(),
  )
  .option(
    "--out <file>",
    "the file to write (required unless --preview; verl writes .parquet); the manifest goes beside it as <name>.manifest.json",
  )
  .option("--preview <n>", "print the first n lines the file would hold (1-1000) and write nothing")
  .option(
    "--system-prompt <text>",
    "a system prompt on every line (every format with a system slot; not trl-preference)",
  )
  .option(
    "--allow-empty",
    "write the file even if no row passes the filters (default: exit 3 and write nothing); never registered in dataset_info.json",
  )
  .addOption(
    new Option("--pipeline <which>", "pipeline status of the rows")
      .choices(["kept", "kept-or-approved", "any"])
      .default("kept"),
  )
  .addOption(
    new Option("--review <which>", "review status (reviewer-rejected rows are never exported)")
      .choices(["exclude-rejected", "approved-only"])
      .default("exclude-rejected"),
  )
  .option(
    "--instruction-status <list>",
    "comma-separated instruction pipeline statuses (kept,pending,dropped)",
    "kept",
  )
  .option("--min-score <n>", "lowest judge score, 0..10 (DPO: of the chosen response)")
  .option("--max-score <n>", "highest judge score, 0..10")
  .option("--min-pass-rate <f>", "lowest pass rate, 0..1")
  .option("--max-pass-rate <f>", "highest pass rate, 0..1")
  .option(
    "--benchmark <file...>",
    "benchmark prompt files (JSONL) to check every prompt against for shared 13-grams",
  )
  .option(
    "--benchmark-field <name>",
    "the text field of the benchmark files (default: prompt, text, instruction, question or input)",
  )
  .addOption(
    new Option("--contamination <action>", "what to do with rows that match a benchmark")
      .choices(["exclude", "flag"])
      .default("exclude"),
  )
  .option(
    "--reward-url <url>",
    "RLVR: the reward server the reward function calls by default (AUTOIF_REWARD_URL overrides it; default http://127.0.0.1:8765/, rewards serve's address)",
  )
  .option("--json", "print the result and manifest as JSON")
  .option("--quiet", "print nothing but errors")
  .action(lazy("export", "exportCommand"));

const splitCli = program
  .command("split")
  .description(
    "The project's train/test split of instructions: test instructions never go into a training export.",
  );
splitCli
  .command("show")
  .description("Print the split and how many instructions and queries fall on each side.")
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--list", "also list every instruction with its key (the reward label) and side")
  .option("--json", "print as JSON")
  .action(lazy("split", "splitShowCommand"));
splitCli
  .command("set")
  .description(
    "Create or change the split; refused once an export was written under the current one, unless --force.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .requiredOption("--seed <n>", "the split's seed (a whole number)")
  .requiredOption(
    "--test <share>",
    "share of instructions held out for testing, 0.01..0.9 (e.g. 0.2)",
  )
  .option("--force", "change it even though exports were written under the current split")
  .option("--json", "print as JSON")
  .action(lazy("split", "splitSetCommand"));
splitCli
  .command("remove")
  .description(
    "Remove the split (every instruction may train again); refused after an export under it, unless --force.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option("--force", "remove it even though exports were written under it")
  .action(lazy("split", "splitRemoveCommand"));

program
  .command("rewards")
  .description(
    "The reward server (OpenRLHF's remote reward protocol) over a project's audited verifiers.",
  )
  .command("serve")
  .description(
    "Serve rewards for a trainer: POST {query, prompts, labels} to / (or /rewards, /get_reward); runs until stopped.",
  )
  .requiredOption("--project <name-or-id>", "project name or id")
  .option(
    "--host <address>",
    "address to listen on; beyond loopback AUTOIF_TOKEN is required",
    "127.0.0.1",
  )
  .option("--port <n>", "port (0 picks a free one)", "8765")
  .option("--workers <n>", "sandbox worker threads (default: one per core)")
  .addOption(
    new Option("--mode <mode>", "reward: share of verifiers passed, or 1 only when all pass")
      .choices(["pass-rate", "all-or-nothing"])
      .default("pass-rate"),
  )
  .addOption(
    new Option(
      "--think <what>",
      "a leading <think>...</think> section: stripped before verifying, or kept",
    )
      .choices(["strip", "keep"])
      .default("strip"),
  )
  .addOption(
    new Option(
      "--split <which>",
      "train: refuse the split's test instructions (reward 0); any: score them too (evaluation)",
    )
      .choices(["train", "any"])
      .default("train"),
  )
  .addHelpText(
    "after",
    "\nA request's URL may override the defaults: ?mode=all-or-nothing&think=keep&split=any. See docs/rl.md.",
  )
  .action(lazy("rewards", "rewardsServeCommand"));

// `autoif ... | head` closes the pipe early: stop quietly instead of dumping a stack.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

program.parseAsync().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`autoif: ${message.replace(/\s*\n\s*/g, " ")}`);
  // An export with nothing in it has its own exit code, so a job script can tell it from a failure.
  // (By name: importing the export code here would load it for every command.)
  if (error instanceof DomainError && error.name === "EmptyExportError") process.exit(3);
  // A bad file's problems, one line each under the reason (the first is in the reason already).
  const problems =
    error instanceof DomainError ? error.problems.filter((p) => p.line !== undefined) : [];
  if (problems.length > 1)
    for (const p of problems)
      console.error(`  line ${p.line}${p.field ? ` (${p.field})` : ""}: ${p.message}`);
  process.exit(1);
});
