import "server-only";
import fs from "node:fs";
import path from "node:path";
import { unfinishedRunStates } from "@/lib/autoif/runStates";
import { batchStatus, LLM_STAGES, setRunBatchStages } from "../../batch/batchJobs";
import { writeBatchFiles } from "../../batch/writeBatchFiles";
import { fetchBatchResults, submitBatchJob } from "../../batch/batchApi";
import { importBatchOutput, type BatchImportReport } from "../../batch/importBatch";
import { InvalidInputError } from "../../errors";
import { createRun, getRun, listRuns } from "../../pipeline/runs";
import type { StageName } from "../../pipeline/types";
import type { Db } from "@/db/client";
import { findProject, printJson, printTable, withCliDb } from "../context";
import { EXIT_WAITING_BATCH, printWaiting, runCommand } from "./run";

function parseStages(value: string | undefined): string[] {
  if (!value || value === "all") return [...LLM_STAGES];
  const stages = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = stages.filter((s) => !(LLM_STAGES as readonly string[]).includes(s));
  if (bad.length)
    throw new InvalidInputError(
      `--stages: ${bad.join(", ")} is not an LLM stage; choose from ${LLM_STAGES.join(", ")} or all.`,
    );
  return stages;
}

/** The run a batch command works on: --run, else the project's newest unfinished run (optionally a new one). */
function targetRun(
  db: Db,
  opts: { project: string; run?: string; new?: boolean; from?: StageName; to?: StageName },
) {
  const project = findProject(db, opts.project);
  if (opts.run) {
    const run = getRun(db, Number(opts.run));
    if (run.projectId !== project.id)
      throw new InvalidInputError(`Run #${run.id} is not a run of "${project.name}".`);
    return { project, runId: run.id, created: false };
  }
  const unfinished = opts.new
    ? undefined
    : listRuns(db, project.id).find((r) => unfinishedRunStates.includes(r.state));
  if (unfinished) return { project, runId: unfinished.id, created: false };
  return {
    project,
    runId: createRun(db, { projectId: project.id, from: opts.from, to: opts.to }).id,
    created: true,
  };
}

/**
 * `batch export`: runs the project's run with the chosen stages offline until a stage waits for
 * answers (or the run ends), so its pending requests are written as batch files with a manifest.
 */
export async function batchExportCommand(opts: {
  project: string;
  run?: string;
  new?: boolean;
  stages?: string;
  from?: StageName;
  to?: StageName;
  out?: string;
  json?: boolean;
}) {
  const stages = parseStages(opts.stages);
  const runId = await withCliDb((db) => {
    const { runId, created, project } = targetRun(db, opts);
    setRunBatchStages(db, runId, stages);
    if (!opts.json)
      console.log(
        `${created ? "Started" : "Continuing"} run #${runId} of "${project.name}" with ${stages.join(", ")} offline.`,
      );
    return runId;
  });
  await runCommand({ run: String(runId), json: opts.json });
  if (process.exitCode === EXIT_WAITING_BATCH) process.exitCode = 0;
  if (opts.out) {
    await withCliDb((db) => {
      for (const job of batchStatus(db, runId).filter((j) => j.state === "waiting")) {
        const { dir } = writeBatchFiles(db, job.id, opts.out);
        if (!opts.json)
          console.log(
            `Wrote batch #${job.id}'s ${job.files.length} file(s) and manifest.json to ${dir}`,
          );
      }
    });
  }
}

function printReport(report: BatchImportReport) {
  if (report.ok)
    console.log(
      `Imported ${report.imported} answer(s) (${report.failed} failed), ${report.alreadyImported} already imported before${report.missing ? `, ${report.missing} request(s) still without a line` : ""}.`,
    );
  for (const e of report.errors)
    console.log(`  error line ${e.file}:${e.line} ${e.customId.slice(0, 12)}: ${e.message}`);
  if (report.jobs.length)
    printTable(
      ["batch", "stage", "waiting"],
      report.jobs.map((j) => [j.id, j.stage, j.waiting]),
    );
}

/** `batch import`: output and error files into the call log, all of them or nothing. */
export async function batchImportCommand(
  files: string[],
  opts: { project: string; allowMissing?: boolean; json?: boolean },
) {
  const inputs = files.map((f) => {
    if (!fs.existsSync(f)) throw new InvalidInputError(`${f}: no such file.`);
    return { name: path.basename(f), text: fs.readFileSync(f, "utf8") };
  });
  const report = await withCliDb((db) =>
    importBatchOutput(db, findProject(db, opts.project).id, inputs, {
      allowMissing: opts.allowMissing,
    }),
  );
  if (opts.json) printJson(report);
  else printReport(report);
  if (!report.ok) {
    const first = report.problems[0]!;
    throw new InvalidInputError(
      `nothing imported: ${report.problems.length} problem(s) in the batch output; first: ${first.file}${first.line === null ? "" : ` line ${first.line}`}: ${first.message}`,
      report.problems.map((p) => ({
        line: p.line ?? 0,
        field: p.field ?? undefined,
        message: `${p.file}: ${p.message}`,
      })),
    );
  }
  if (!opts.json && report.runId !== null && report.jobs.every((j) => j.waiting === 0))
    console.log(
      `Every request has its answer: continue with npm run autoif -- run --run ${report.runId}`,
    );
}

/** `batch status`: the run's batch jobs, files and how many requests wait. */
export async function batchStatusCommand(opts: { project: string; run?: string; json?: boolean }) {
  await withCliDb((db) => {
    const project = findProject(db, opts.project);
    const runId = opts.run ? Number(opts.run) : listRuns(db, project.id)[0]?.id;
    if (runId === undefined) throw new InvalidInputError(`Project "${project.name}" has no runs.`);
    const jobs = batchStatus(db, runId);
    const run = getRun(db, runId);
    if (opts.json)
      return printJson({ runId, state: run.state, batchStages: run.batchStages ?? [], jobs });
    console.log(
      `Run #${runId}: ${run.state}; offline stages: ${(run.batchStages ?? []).join(", ") || "none"}`,
    );
    if (jobs.length === 0) return console.log("No batch files yet.");
    printTable(
      ["batch", "stage", "state", "file", "lines", "waiting", "imported", "failed", "api batch"],
      jobs.flatMap((j) =>
        j.files.map((f) => [
          j.id,
          j.stage,
          j.state,
          f.name,
          f.lines,
          f.waiting,
          f.imported,
          f.failed,
          f.apiBatchId ? `${f.apiBatchId} ${f.apiStatus ?? ""}` : "",
        ]),
      ),
    );
    const waiting = jobs.filter((j) => j.state === "waiting");
    if (waiting.length) printWaiting(waiting[0]!.stage, waiting);
  });
}

/** `batch submit`: uploads the waiting files to the role's OpenAI-compatible Batch API and creates a batch for each. */
export async function batchSubmitCommand(opts: {
  project: string;
  wait?: boolean;
  pollMs?: string;
  json?: boolean;
}) {
  return withCliDb(async (db) => {
    const project = findProject(db, opts.project);
    const runId = listRuns(db, project.id)[0]?.id;
    if (runId === undefined) throw new InvalidInputError(`Project "${project.name}" has no runs.`);
    const submitted = await submitBatchJob(db, runId);
    if (!opts.json)
      printTable(
        ["file", "api batch", "status"],
        submitted.map((s) => [s.file, s.batchId, s.status]),
      );
    if (!opts.wait) {
      if (opts.json) printJson({ submitted });
      return;
    }
    const pollMs = Number(opts.pollMs ?? 10_000);
    for (;;) {
      const result = await fetchBatchResults(db, runId);
      if (!opts.json) for (const f of result.files) console.log(`${f.file}: ${f.status}`);
      if (result.report && !result.report.ok)
        throw new InvalidInputError(
          `the Batch API's output did not import: ${result.report.problems.map((p) => p.message).join("; ")}`,
        );
      if (result.done) {
        if (opts.json) printJson({ submitted, result });
        else if (result.report) printReport(result.report);
        return;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  });
}

/** `batch fetch`: asks the Batch API once how the submitted files stand, and imports those that are done. */
export async function batchFetchCommand(opts: { project: string; json?: boolean }) {
  return withCliDb(async (db) => {
    const project = findProject(db, opts.project);
    const runId = listRuns(db, project.id)[0]?.id;
    if (runId === undefined) throw new InvalidInputError(`Project "${project.name}" has no runs.`);
    const result = await fetchBatchResults(db, runId);
    if (opts.json) return printJson(result);
    for (const f of result.files) console.log(`${f.file}: ${f.status}`);
    if (result.report) printReport(result.report);
  });
}
