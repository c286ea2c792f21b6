import "server-only";
import fs from "node:fs";
import path from "node:path";
import { queryFormatFromFileName, queryFormats, type QueryFormat } from "@/lib/queries/queryRecord";
import { InvalidInputError } from "../../errors";
import { importQueries } from "../../services/queryImport";
import { findProject, printTable, withCliDb } from "../context";

export async function queriesImportCommand(opts: {
  project: string;
  file: string;
  format?: QueryFormat;
  column?: string;
  min?: string;
  max?: string;
  json?: boolean;
}) {
  const format = opts.format ?? queryFormatFromFileName(opts.file);
  if (!format)
    throw new InvalidInputError(
      `${opts.file}: cannot tell the format from the name; pass --format (${queryFormats.join(", ")}).`,
    );
  if (!fs.existsSync(opts.file)) throw new InvalidInputError(`${opts.file}: no such file.`);
  return withCliDb(async (db) => {
    const project = findProject(db, opts.project);
    const result = await importQueries(db, fs.createReadStream(opts.file), {
      projectId: project.id,
      fileName: path.basename(opts.file),
      format,
      column: opts.column,
      minLength: opts.min === undefined ? undefined : Number(opts.min),
      maxLength: opts.max === undefined ? undefined : Number(opts.max),
    });
    if (opts.json) console.log(JSON.stringify(result));
    else {
      console.log(`Imported into "${project.name}" from ${opts.file}:`);
      printTable(
        ["read", "imported", "duplicates", "too short", "too long"],
        [[result.read, result.imported, result.duplicates, result.tooShort, result.tooLong]],
      );
    }
  });
}
