import "server-only";
import type { z } from "zod";
import { presetNames, type PresetName } from "@/lib/schemas/pipelineConfig";
import { projectDescriptionSchema, projectNameSchema } from "@/lib/schemas/project";
import { InvalidInputError } from "../../errors";
import {
  createProject,
  deleteProject,
  findProject,
  listProjects,
  projectDeletionSummary,
  updateProject,
} from "../../services/projects";
import { printJson, printTable, withCliDb } from "../context";

/** A value checked by the schema the studio's form uses, or an error naming the field. */
function checked<T>(field: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new InvalidInputError(`${field}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function projectsListCommand(opts: { json?: boolean }) {
  return withCliDb((db) => {
    const rows = listProjects(db);
    if (opts.json) return printJson(rows);
    if (rows.length === 0)
      return console.log(
        'No projects yet. Create one: npm run autoif -- projects create "My project"',
      );
    printTable(
      ["id", "name", "preset", "seeds", "instructions", "example"],
      rows.map((p) => [
        p.id,
        p.name,
        p.preset,
        p.seedCount,
        p.instructionCount,
        p.isExample ? "yes" : "",
      ]),
    );
  });
}

export function projectsCreateCommand(
  name: string,
  opts: { description?: string; preset?: string; json?: boolean },
) {
  return withCliDb((db) => {
    if (opts.preset !== undefined && !presetNames.includes(opts.preset as PresetName)) {
      throw new InvalidInputError(
        `--preset: "${opts.preset}" is not a preset; choose ${presetNames.join(" or ")}.`,
      );
    }
    const project = createProject(db, {
      name: checked("name", projectNameSchema, name),
      description:
        opts.description === undefined
          ? undefined
          : checked("description", projectDescriptionSchema, opts.description),
      preset: opts.preset as PresetName | undefined,
    });
    if (opts.json) printJson(project);
    else
      console.log(`Created project #${project.id} "${project.name}" (preset ${project.preset}).`);
  });
}

export function projectsRenameCommand(nameOrId: string, newName: string, opts: { json?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, nameOrId);
    const renamed = updateProject(db, {
      id: project.id,
      name: checked("name", projectNameSchema, newName),
    });
    if (opts.json) printJson(renamed);
    else console.log(`Renamed project #${renamed.id} "${project.name}" to "${renamed.name}".`);
  });
}

/** Deleting removes every seed, instruction, response and run of the project: it asks for --yes. */
export function projectsDeleteCommand(nameOrId: string, opts: { yes?: boolean; json?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, nameOrId);
    const summary = projectDeletionSummary(db, project.id);
    const what = `${summary.seedInstructions} seeds, ${summary.instructions} instructions, ${summary.queries} queries, ${summary.responses} responses, ${summary.preferencePairs} pairs and ${summary.runs} runs`;
    if (!opts.yes)
      throw new InvalidInputError(
        `Deleting project #${project.id} "${project.name}" removes ${what}; pass --yes to delete it.`,
      );
    const deleted = deleteProject(db, project.id);
    if (opts.json) printJson({ deleted });
    else console.log(`Deleted project #${deleted.id} "${deleted.name}" with ${what}.`);
  });
}
