import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { AutoifFileKind } from "@/lib/formats/autoifFiles";
import { byteSize } from "../../security/apiRoute";
import { env } from "../../env.mjs";
import { InvalidInputError } from "../../errors";
import { createVerifierPool } from "../../sandbox/pool";
import { importReferenceFileCompiled } from "../../services/referenceImport";
import { findProject, printJson, printTable, withCliDb } from "../context";

/** `autoif import-autoif`: a file of the AutoIF reference scripts into a project, all or nothing. */
export async function importAutoifCommand(opts: {
  project: string;
  file: string;
  kind?: AutoifFileKind;
  json?: boolean;
}) {
  if (!fs.existsSync(opts.file)) throw new InvalidInputError(`${opts.file}: no such file.`);
  const limit = env().AUTOIF_MAX_REFERENCE_FILE_BYTES;
  const size = fs.statSync(opts.file).size;
  if (size > limit)
    throw new InvalidInputError(
      `${opts.file} is ${size.toLocaleString("en-US")} bytes; the limit for a file of the reference scripts is ${byteSize(limit)} (AUTOIF_MAX_REFERENCE_FILE_BYTES). Nothing was imported.`,
    );
  // One Python worker, started only when the file holds functions to compile (not raw generations).
  const pool = createVerifierPool({ size: 1 });
  await withCliDb(async (db) => {
    const project = findProject(db, opts.project);
    const result = await importReferenceFileCompiled(
      db,
      fs.readFileSync(opts.file),
      { projectId: project.id, fileName: path.basename(opts.file), kind: opts.kind },
      pool,
    ).finally(() => pool.close());
    if (opts.json) return printJson(result);
    console.log(
      `Imported ${opts.file} (${result.kind}, ${result.lines} lines) into "${project.name}":`,
    );
    printTable(
      [
        "instructions",
        "generations",
        "skipped generations",
        "verifiers",
        "test cases",
        "skipped cases",
        "queries",
        "responses",
      ],
      [
        [
          result.instructions,
          result.generations,
          result.skippedGenerations.length,
          result.verifiers,
          result.testCases,
          result.skippedCases,
          result.queries,
          result.responses,
        ],
      ],
    );
    for (const s of result.skippedGenerations)
      console.log(`  line ${s.line}, generation ${s.generation}: ${s.reason}`);
  });
}
