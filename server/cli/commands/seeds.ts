import "server-only";
import fs from "node:fs";
import path from "node:path";
import { formatFromFileName, type SeedFileFormat } from "@/lib/seeds/parseSeedFile";
import { InvalidInputError } from "../../errors";
import { exportSeeds, importSeeds, listSeeds } from "../../services/seeds";
import { findProject, printJson, printTable, withCliDb } from "../context";
import { writeFileAtomically } from "../writeFile";

const FORMATS: readonly SeedFileFormat[] = ["txt", "jsonl"];

function seedFormat(flag: string | undefined, fileName: string | undefined): SeedFileFormat {
  if (flag !== undefined) {
    if (!FORMATS.includes(flag as SeedFileFormat))
      throw new InvalidInputError(
        `--format: "${flag}" is not a seed file format; choose txt or jsonl.`,
      );
    return flag as SeedFileFormat;
  }
  const fromName = fileName ? formatFromFileName(fileName) : null;
  if (fileName && !fromName)
    throw new InvalidInputError(
      `${fileName}: cannot tell the format from the name (.txt, .jsonl or .ndjson); pass --format txt|jsonl.`,
    );
  return fromName ?? "txt";
}

const shorten = (text: string, max = 80) =>
  (text.length > max ? `${text.slice(0, max - 1)}…` : text).replace(/\s+/g, " ");

export function seedsListCommand(opts: { project: string; json?: boolean }) {
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const seeds = listSeeds(db, project.id);
    if (opts.json) return printJson(seeds);
    if (seeds.length === 0)
      return console.log(`Project "${project.name}" has no seed instructions yet.`);
    printTable(
      ["id", "status", "source", "tags", "text"],
      seeds.map((s) => [s.id, s.status, s.source, s.tags.join(", "), shorten(s.text)]),
    );
  });
}

/** Imports a .txt or .jsonl seed file: all of it, or nothing and every problem by line. */
export function seedsImportCommand(opts: {
  project: string;
  file: string;
  format?: string;
  json?: boolean;
}) {
  const format = seedFormat(opts.format, opts.file);
  if (!fs.existsSync(opts.file) || !fs.statSync(opts.file).isFile())
    throw new InvalidInputError(`${opts.file}: no such file.`);
  const content = fs.readFileSync(opts.file, "utf8");
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const result = importSeeds(db, {
      projectId: project.id,
      fileName: path.basename(opts.file),
      format,
      content,
    });
    if (opts.json) printJson(result);
    else
      console.log(
        `Imported ${result.imported} seed instruction(s) into "${project.name}" from ${opts.file}.`,
      );
  });
}

/** Writes the project's seeds as .txt or .jsonl to --out (whole or not at all), or to stdout. */
export function seedsExportCommand(opts: {
  project: string;
  format?: string;
  out?: string;
  json?: boolean;
}) {
  const format = seedFormat(opts.format, opts.out);
  return withCliDb((db) => {
    const project = findProject(db, opts.project);
    const file = exportSeeds(db, { projectId: project.id, format });
    if (!opts.out) return void process.stdout.write(file.content);
    const target = path.resolve(opts.out);
    writeFileAtomically(target, file.content);
    if (opts.json) printJson({ file: target, format, count: file.count });
    else console.log(`Wrote ${file.count} seed instruction(s) of "${project.name}" to ${target}.`);
  });
}
