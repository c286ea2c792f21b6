import "server-only";
import type { Db } from "@/db/client";
import { unfinishedRunStates } from "@/lib/autoif/runStates";
import { configWarnings } from "@/lib/autoif/configWarnings";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";
import { InvalidInputError } from "../../errors";
import { createLlmClient, resolveRoleEndpoint, testConnection } from "../../llm";
import { projectFunnel } from "../../pipeline/funnel";
import { executeRun, leaseOwner } from "../../pipeline/runner";
import {
  createRun,
  getRun,
  listRuns,
  markScriptedEndpoint,
  runProgress,
  stageRange,
} from "../../pipeline/runs";
import { createBatchCaller } from "../../batch/batchCaller";
import { batchStatus, createBatchJob, LLM_STAGES } from "../../batch/batchJobs";
import { writeBatchFiles } from "../../batch/writeBatchFiles";
import type { StageName } from "../../pipeline/types";
import { createVerifierPool } from "../../sandbox/pool";
import { recordRunSummary } from "../../services/runSummary";
import { findProject, printTable, withCliDb } from "../context";
import { stageProgressDisplay } from "../progressBars";
import { SCRIPTED_MODEL, startScriptedEndpoint, type ScriptedEndpoint } from "../scriptedEndpoint";

/** Exit code of a run that finished but kept 0 instructions, responses or pairs (README, "Exit codes"). */
export const EXIT_EMPTY_RESULT = 3;

/** Exit code of a run whose offline stage waits for batch output files (README, "Exit codes"). */
export const EXIT_WAITING_BATCH = 4;

/** Which stage waits on which files, and what to do with them. */
export function printWaiting(stage: string, jobs: ReturnType<typeof batchStatus>) {
  console.log(`Stage ${stage} waits for offline batch answers.`);
  for (const job of jobs) {
    console.log(
      `Batch #${job.id} (${job.stage}): ${job.waiting} request(s) waiting, files in ${job.dir}`,
    );
    printTable(
      ["file", "role", "model", "lines", "waiting"],
      job.files.map((f) => [f.name, f.role, f.model, f.lines, f.waiting]),
    );
  }
  console.log(
    "Run them with `vllm run-batch -i <file> -o <out>` or `npm run autoif -- batch submit`, then `npm run autoif -- batch import` the outputs and run again.",
  );
}

interface RunOptions {
  project?: string;
  from?: StageName;
  to?: StageName;
  run?: string;
  new?: boolean;
  baseUrl?: string;
  model?: string;
  json?: boolean;
  quiet?: boolean;
  scriptedEndpoint?: boolean;
}

function withOverrides(config: PipelineConfig, opts: RunOptions): PipelineConfig {
  const role = (r: PipelineConfig["llm"]["generator"]) => ({
    ...r,
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.model ? { model: opts.model } : {}),
  });
  return {
    ...config,
    llm: { generator: role(config.llm.generator), judge: role(config.llm.judge) },
  };
}

/** Checks each distinct endpoint answers before any work starts, naming the role that does not. */
async function preflight(config: PipelineConfig) {
  const seen = new Set<string>();
  for (const role of ["generator", "judge"] as const) {
    const endpoint = resolveRoleEndpoint(role, config.llm[role]);
    const key = `${endpoint.baseUrl} ${endpoint.model}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const result = await testConnection(endpoint);
    if (!result.ok)
      throw new InvalidInputError(
        `The ${role} endpoint ${endpoint.baseUrl} is not usable: ${result.error}`,
      );
  }
}

export async function runCommand(opts: RunOptions) {
  if (!opts.run && !opts.project)
    throw new InvalidInputError(
      "Say which project to run: --project <name-or-id> (or --run <id>).",
    );
  return withCliDb(async (db) => {
    // --json prints one JSON document and nothing else on stdout.
    const say = opts.quiet || opts.json ? () => {} : (line: string) => console.log(line);
    const project = opts.run ? undefined : findProject(db, opts.project!);
    let runId: number;
    if (opts.run) runId = Number(opts.run);
    else {
      // listRuns is newest first: the latest run that has not finished is the one to resume.
      const unfinished = opts.new
        ? undefined
        : listRuns(db, project!.id).find((r) => unfinishedRunStates.includes(r.state));
      if (unfinished) {
        runId = unfinished.id;
        say(`Resuming run #${runId} of "${project!.name}" (use --new for a fresh run).`);
      } else {
        // Overrides go into this run's snapshot only; the project's settings stay as they are.
        runId = createRun(db, {
          projectId: project!.id,
          from: opts.from,
          to: opts.to,
          override: (c) => withOverrides(c, opts),
        }).id;
        if (opts.scriptedEndpoint) markScriptedEndpoint(db, runId);
        say(`Started run #${runId} of "${project!.name}".`);
      }
    }
    const run = getRun(db, runId);
    // A run made against the built-in scripted endpoint (the example run) gets a fresh one each
    // time it is executed: the port in its snapshot died with the process that started it.
    let scripted: ScriptedEndpoint | undefined;
    if (opts.scriptedEndpoint || run.scriptedEndpoint) {
      scripted = await startScriptedEndpoint();
      if (!run.scriptedEndpoint) markScriptedEndpoint(db, runId);
      say(`Using the built-in scripted endpoint ${scripted.url} (example data).`);
    }
    try {
      await executeWith(
        db,
        runId,
        run,
        scripted ? { ...opts, baseUrl: scripted.url, model: SCRIPTED_MODEL } : opts,
      );
    } finally {
      scripted?.stop();
    }
  });
}

async function executeWith(
  db: Db,
  runId: number,
  run: ReturnType<typeof getRun>,
  opts: RunOptions,
) {
  const config = withOverrides(run.config, opts);
  const contradictions = configWarnings(config);
  if (!opts.quiet && !opts.json)
    for (const w of contradictions) console.warn(`warning: ${w.field}: ${w.message}`);
  const offline = new Set(run.batchStages ?? []);
  const liveStages = stageRange(run.fromStage as StageName, run.toStage as StageName).filter(
    (s) => (LLM_STAGES as readonly string[]).includes(s) && !offline.has(s),
  );
  // A run whose every LLM stage is offline needs no endpoint: its requests go to files.
  if (liveStages.length) await preflight(config);

  const pool = createVerifierPool();
  const llm = createLlmClient({
    db,
    projectId: run.projectId,
    runId,
    roles: config.llm,
    budget: config.budget,
  });
  const batch = offline.size
    ? createBatchCaller({
        db,
        projectId: run.projectId,
        runId,
        roles: config.llm,
        budget: config.budget,
      })
    : undefined;
  const display = stageProgressDisplay(!opts.quiet && !opts.json);
  let outcome;
  try {
    outcome = await executeRun({
      db,
      runId,
      owner: leaseOwner("cli"),
      pool,
      llm,
      onProgress: (e) => display.update(e),
      onFinished: (id, stages, c) => recordRunSummary(db, id, stages, c),
      llmFor: (stage) => (offline.has(stage) ? batch : undefined),
      onBatchPending: (stage) => {
        createBatchJob(db, { runId, stage, requests: batch!.deferred() });
        // Every waiting job's files, not only a new one's: a process killed after recording a
        // job and before writing its files leaves them to be written here.
        for (const job of batchStatus(db, runId).filter((j) => j.state === "waiting"))
          writeBatchFiles(db, job.id);
      },
    });
  } finally {
    display.stop();
    pool.close();
    llm.close();
  }
  const progress = runProgress(db, runId);
  const funnel = projectFunnel(db, run.projectId);
  const usage = llm.usage();
  const jobs =
    outcome.state === "waiting" ? batchStatus(db, runId).filter((j) => j.state === "waiting") : [];
  if (opts.json) {
    console.log(
      JSON.stringify(
        {
          runId,
          ...outcome,
          batches: jobs,
          configWarnings: contradictions,
          stages: progress.stages,
          failedUnits: progress.failed.length,
          funnel,
          usage,
        },
        null,
        2,
      ),
    );
  } else if (!opts.quiet) {
    console.log(`\nRun #${runId}: ${outcome.state}${outcome.error ? ` (${outcome.error})` : ""}`);
    if (outcome.state === "waiting") printWaiting(outcome.waitingStage!, jobs);
    printTable(
      ["stage", "done", "total", "failed"],
      progress.stages.map((s) => [s.stage, s.done, s.total, s.failed]),
    );
    console.log("");
    printTable(
      ["items", "total", "kept", "pending", "dropped"],
      funnel.map((f) => [f.item, f.total, f.kept, f.pending, f.dropped]),
    );
    for (const f of funnel)
      for (const r of f.reasons.slice(0, 5))
        console.log(`  ${f.item} dropped ${r.count}x: ${r.reason}`);
    console.log("");
    printTable(
      ["role", "calls", "cached", "failed", "tokens in", "tokens out", "cost USD"],
      (["generator", "judge"] as const).map((role) => {
        const u = usage[role];
        return [
          role,
          u.calls,
          u.cachedCalls,
          u.failedCalls,
          u.tokensIn,
          u.tokensOut,
          u.costUsd.toFixed(4),
        ];
      }),
    );
  }
  if (outcome.state === "failed") throw new Error(outcome.error ?? `run #${runId} failed`);
  if (outcome.state === "waiting") process.exitCode = EXIT_WAITING_BATCH;
  if (outcome.empty) {
    // Said even with --quiet: an empty result is never silent.
    console.error(
      `autoif: warning: ${outcome.empty.message} (stage ${outcome.empty.stage}, setting ${outcome.empty.setting})`,
    );
    process.exitCode = EXIT_EMPTY_RESULT;
  }
}
