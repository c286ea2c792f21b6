import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { writeTransaction, type Db, type DbOrTx } from "@/db/client";
import { seedInstructions } from "@/db/schema";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import { normalizeTags, validateSeedText } from "@/lib/seeds/seedText";
import { parseSeedFile, serializeSeeds, type SeedFileFormat } from "@/lib/seeds/parseSeedFile";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { killPoint } from "../killPoints";
import { getProject } from "./projects";

const seedColumns = {
  id: seedInstructions.id,
  projectId: seedInstructions.projectId,
  text: seedInstructions.text,
  tags: seedInstructions.tags,
  source: seedInstructions.source,
  sourceRef: seedInstructions.sourceRef,
  status: seedInstructions.status,
  /** The number the project's seed list shows and messages name (the project's first seed is 1). */
  number: seedInstructions.number,
  createdAt: seedInstructions.createdAt,
  updatedAt: seedInstructions.updatedAt,
};

export type SeedRow = ReturnType<typeof listSeeds>[number];

/** A short quote of a seed for messages: its number as the list shows it and at most 80 characters of text. */
function quoteSeed(seed: { number: number | null; text: string }) {
  const text = seed.text.length > 80 ? `${seed.text.slice(0, 77)}...` : seed.text;
  return `seed #${seed.number} "${text}"`;
}

function checkedText(text: string, field = "text") {
  const result = validateSeedText(text);
  if (!result.ok) throw new InvalidInputError(result.message, [{ field, message: result.message }]);
  return result.text;
}

function findByHash(db: DbOrTx, projectId: number, hash: string) {
  return db
    .select({
      id: seedInstructions.id,
      number: seedInstructions.number,
      text: seedInstructions.text,
    })
    .from(seedInstructions)
    .where(
      and(eq(seedInstructions.projectId, projectId), eq(seedInstructions.normalizedHash, hash)),
    )
    .get();
}

/** All seeds of a project in creation order; small enough (thousands at most) to list whole. */
export function listSeeds(db: Db, projectId: number) {
  getProject(db, projectId);
  return db
    .select(seedColumns)
    .from(seedInstructions)
    .where(eq(seedInstructions.projectId, projectId))
    .orderBy(asc(seedInstructions.id))
    .all();
}

export function getSeed(db: DbOrTx, id: number) {
  const row = db
    .select(seedColumns)
    .from(seedInstructions)
    .where(eq(seedInstructions.id, id))
    .get();
  if (!row) throw new NotFoundError(`Seed instruction ${id} does not exist.`);
  return row;
}

export function addSeed(db: Db, input: { projectId: number; text: string; tags?: string[] }) {
  const text = checkedText(input.text);
  const hash = instructionHash(text);
  // The duplicate check and the insert hold the write lock together, so two tabs adding the
  // same seed cannot both pass the check.
  return writeTransaction(db, (tx) => {
    getProject(tx, input.projectId);
    const existing = findByHash(tx, input.projectId, hash);
    if (existing) {
      const message = `This instruction is a duplicate of ${quoteSeed(existing)}.`;
      throw new ConflictError(message, [{ field: "text", message }]);
    }
    const { id } = tx
      .insert(seedInstructions)
      .values({
        projectId: input.projectId,
        text,
        normalizedHash: hash,
        tags: normalizeTags(input.tags ?? []),
        source: "typed",
      })
      .returning({ id: seedInstructions.id })
      .get();
    // Read back: the number is set by the insert trigger, after RETURNING has run.
    return getSeed(tx, id);
  });
}

export function updateSeed(
  db: Db,
  input: { id: number; text?: string; tags?: string[]; status?: "active" | "disabled" },
) {
  return writeTransaction(db, (tx) => {
    const seed = getSeed(tx, input.id);
    const patch: Partial<typeof seedInstructions.$inferInsert> = {};
    if (input.text !== undefined) {
      patch.text = checkedText(input.text);
      patch.normalizedHash = instructionHash(patch.text);
      const existing = findByHash(tx, seed.projectId, patch.normalizedHash);
      if (existing && existing.id !== seed.id) {
        const message = `This instruction is a duplicate of ${quoteSeed(existing)}.`;
        throw new ConflictError(message, [{ field: "text", message }]);
      }
    }
    if (input.tags !== undefined) patch.tags = normalizeTags(input.tags);
    if (input.status !== undefined) patch.status = input.status;
    return tx
      .update(seedInstructions)
      .set(patch)
      .where(eq(seedInstructions.id, input.id))
      .returning(seedColumns)
      .get();
  });
}

export function deleteSeeds(db: Db, ids: number[]) {
  return writeTransaction(db, (tx) => {
    const found = tx
      .select({ id: seedInstructions.id })
      .from(seedInstructions)
      .where(inArray(seedInstructions.id, ids))
      .all();
    if (found.length !== ids.length) {
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      throw new NotFoundError(`Seed instruction(s) ${missing.join(", ")} do not exist.`);
    }
    tx.delete(seedInstructions).where(inArray(seedInstructions.id, ids)).run();
    return { deleted: ids.length };
  });
}

/**
 * Imports a .txt or .jsonl file in one transaction: any bad line, or a line that duplicates a
 * seed already in the project, imports nothing and every problem is reported with its line.
 */
export function importSeeds(
  db: Db,
  input: { projectId: number; fileName: string; format: SeedFileFormat; content: string },
) {
  getProject(db, input.projectId);
  const parsed = parseSeedFile(input.content, input.format, { fileName: input.fileName });
  if (!parsed.ok) {
    throw new InvalidInputError(
      `${input.fileName}: nothing was imported. ${describeProblems(parsed.errors)}`,
      parsed.errors,
    );
  }
  return writeTransaction(db, (tx) => {
    const problems = [];
    const rows = [];
    for (const seed of parsed.seeds) {
      const hash = instructionHash(seed.text);
      const existing = findByHash(tx, input.projectId, hash);
      if (existing) {
        problems.push({
          line: seed.line,
          message: `duplicate of ${quoteSeed(existing)}, already in this project`,
        });
        continue;
      }
      rows.push({
        projectId: input.projectId,
        text: seed.text,
        normalizedHash: hash,
        tags: normalizeTags(seed.tags),
        source: "imported" as const,
        sourceRef: `${input.fileName}:${seed.line}`,
      });
    }
    if (problems.length > 0) {
      throw new InvalidInputError(
        `${input.fileName}: nothing was imported. ${describeProblems(problems)}`,
        problems,
      );
    }
    for (let i = 0; i < rows.length; i += 500) {
      tx.insert(seedInstructions)
        .values(rows.slice(i, i + 500))
        .run();
    }
    killPoint("seed-import", input.fileName);
    return { imported: rows.length };
  });
}

function describeProblems(problems: { line?: number; field?: string; message: string }[]) {
  const first = problems[0];
  if (!first) return "";
  const where = first.line !== undefined ? `Line ${first.line}` : "The file";
  const field = first.field ? ` (field "${first.field}")` : "";
  const more = problems.length > 1 ? ` (${problems.length - 1} more problem(s) listed below)` : "";
  return `${where}${field}: ${first.message.replace(/\.$/, "")}${more}.`;
}

/** The project's seeds as a file in the given format, with a suggested file name. */
export function exportSeeds(db: Db, input: { projectId: number; format: SeedFileFormat }) {
  const project = getProject(db, input.projectId);
  const seeds = listSeeds(db, input.projectId);
  const slug =
    project.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "project";
  return {
    fileName: `${slug}-seeds.${input.format}`,
    content: serializeSeeds(seeds, input.format),
    count: seeds.length,
  };
}
