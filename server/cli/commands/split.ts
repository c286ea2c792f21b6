import "server-only";
import { InvalidInputError } from "../../errors";
import { removeSplit, setSplit, splitInstructions, splitSummary } from "../../services/splits";
import { printJson, printTable, withCliDb } from "../context";
import { findProject } from "../context";

function printSummary(summary: ReturnType<typeof splitSummary>, projectName: string) {
  if (!summary.split) {
    console.log(
      `Project "${projectName}" has no split: every instruction may go into a training export. Make one with: split set --project <p> --seed <n> --test <share>`,
    );
    return;
  }
  const s = summary.split;
  console.log(
    `Split of "${projectName}": seed ${s.seed}, test share ${s.testFraction} (rule v${s.version}), set ${s.updatedAt.toISOString()}`,
  );
  printTable(
    ["", "train", "test"],
    [
      ["instructions", summary.instructions.train, summary.instructions.test],
      ["kept instructions", summary.keptInstructions.train, summary.keptInstructions.test],
      ["queries", summary.queries.train, summary.queries.test],
    ],
  );
}

/** `split show`: the split and its counts, or with --list every instruction's key and side. */
export function splitShowCommand(opts: { project: string; list?: boolean; json?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const summary = splitSummary(db, project.id);
    const list = opts.list ? splitInstructions(db, project.id) : undefined;
    if (opts.json) return printJson({ ...summary, ...(list ? { instructionSides: list } : {}) });
    printSummary(summary, project.name);
    if (list) {
      console.log("");
      printTable(
        ["instruction", "key", "side", "pipeline"],
        list.map((i) => [i.number, i.key, i.side, i.pipelineStatus]),
      );
    }
  });
}

function numberFlag(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isFinite(n))
    throw new InvalidInputError(`${flag} must be a number, got "${value ?? ""}".`);
  return n;
}

/** `split set`: creates or changes the split (refused after an export under the old one unless --force). */
export function splitSetCommand(opts: {
  project: string;
  seed: string;
  test: string;
  force?: boolean;
  json?: boolean;
}) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const summary = setSplit(
      db,
      project.id,
      { seed: numberFlag("--seed", opts.seed), testFraction: numberFlag("--test", opts.test) },
      { force: opts.force },
    );
    if (opts.json) printJson(summary);
    else printSummary(summary, project.name);
  });
}

export function splitRemoveCommand(opts: { project: string; force?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    removeSplit(db, project.id, { force: opts.force });
    console.log(`Project "${project.name}" has no split now.`);
  });
}
