import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, verifiers } from "@/db/schema";
import type { VerifierPool } from "../sandbox/pool";
import { sandboxLimits } from "@/lib/autoif/sandboxLimits";
import { validPipelineConfig } from "../pipelineConfig";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { getProject } from "./projects";
import { currentFunctions, isLatestVersion, supersededPrefix } from "../pipeline/currentVerifiers";
import { sameCodeKey } from "@/lib/autoif/verifierCode";
import { changeAndRecompute } from "./recomputeInstruction";
import type { VerifierLanguage } from "@/lib/verifier/language";
import { instructionOfVerifier } from "@/db/projectScope";

export interface SaveVersionInput {
  /** The version being edited; it must still be the latest of its line. */
  verifierId: number;
  source: string;
  /** The language of the new version; by default the edited version's. A new language corrects a mislabelled verifier. */
  language?: VerifierLanguage;
  author: string;
}

function verifierRow(db: Db, id: number) {
  const row = db
    .select({
      id: verifiers.id,
      instructionId: verifiers.instructionId,
      version: verifiers.version,
      source: verifiers.source,
      language: verifiers.language,
      projectId: instructions.projectId,
      stage: instructions.pipelineStage,
    })
    .from(verifiers)
    .innerJoin(instructions, instructionOfVerifier())
    .where(eq(verifiers.id, id))
    .get();
  if (!row) throw new NotFoundError(`Verifier ${id} does not exist.`);
  return row;
}

/**
 * Saves edited code as the next version of a verifier: compiles it in the server's sandbox and
 * refuses it with the located message when it does not compile, retires the edited version, then
 * recomputes the instruction's cross-validation, pass rates, response decisions and pairs.
 * Returns the new version's id and what the edit changed.
 */
export async function saveVerifierVersion(db: Db, pool: VerifierPool, input: SaveVersionInput) {
  const parent = verifierRow(db, input.verifierId);
  if (!parent.stage || parent.stage === "verify-gen") {
    throw new ConflictError(
      "This instruction has not been cross-validated yet; edit its verifiers after the run's cross-validation stage.",
    );
  }
  const stale = () =>
    new ConflictError(
      `Version ${parent.version} was edited by someone else in the meantime; reload to see the newer version.`,
    );
  if (
    !db
      .select({ id: verifiers.id })
      .from(verifiers)
      .where(and(eq(verifiers.id, parent.id), isLatestVersion))
      .get()
  )
    throw stale();
  const source = input.source.replace(/\r\n/g, "\n");
  const language = input.language ?? parent.language;
  if (source.trim() === parent.source.trim() && language === parent.language)
    throw new InvalidInputError(
      "Nothing to save: the code is the same as version " + parent.version + ".",
      [{ field: "source", message: "unchanged" }],
    );
  const config = validPipelineConfig(
    getProject(db, parent.projectId).config,
    "The project's pipeline configuration is invalid; fix it on the Settings page.",
  );
  const compiled = await pool.compile({ language, source }, sandboxLimits(config));
  if (!compiled.ok) {
    const { message, line, column } = compiled.error;
    throw new InvalidInputError(
      `The code does not compile: ${message} (line ${line}, column ${column}).`,
      [{ field: "source", line, message }],
    );
  }
  const twin = currentFunctions(db, parent.instructionId).find(
    (f) => f.id !== parent.id && sameCodeKey(f) === sameCodeKey({ language, source }),
  );
  if (twin)
    throw new InvalidInputError(
      `This code is identical to verifier #${twin.number}; an identical verifier adds nothing.`,
      [{ field: "source", message: `identical to verifier #${twin.number}` }],
    );

  let newId = 0;
  const change = await changeAndRecompute(db, pool, parent.instructionId, () => {
    db.transaction(
      (tx) => {
        // Checked inside the write: two reviewers saving the same version must not fork its line.
        const stillLatest = tx
          .select({ id: verifiers.id })
          .from(verifiers)
          .where(and(eq(verifiers.id, parent.id), isLatestVersion))
          .get();
        if (!stillLatest) throw stale();
        newId = tx
          .insert(verifiers)
          .values({
            instructionId: parent.instructionId,
            source,
            language,
            origin: "user",
            author: input.author,
            version: parent.version + 1,
            parentId: parent.id,
            compileStatus: "ok",
          })
          .returning({ id: verifiers.id })
          .get().id;
        // The insert trigger numbers the row after RETURNING has answered: read the number back.
        const newNumber = tx
          .select({ number: verifiers.number })
          .from(verifiers)
          .where(eq(verifiers.id, newId))
          .get()?.number;
        tx.update(verifiers)
          .set({
            pipelineStatus: "dropped",
            dropReason: `${supersededPrefix} ${parent.version + 1} (#${newNumber})`,
          })
          .where(eq(verifiers.id, parent.id))
          .run();
      },
      { behavior: "immediate" },
    );
  });
  return { id: newId, version: parent.version + 1, change };
}

/** Every version of the line a verifier belongs to, oldest first, with its code. */
export function verifierVersions(db: Db, verifierId: number) {
  const start = verifierRow(db, verifierId);
  // Walk down to the first version, then collect the line upwards through parent links.
  const rows = db
    .select({
      id: verifiers.id,
      number: verifiers.number,
      parentId: verifiers.parentId,
      version: verifiers.version,
      source: verifiers.source,
      language: verifiers.language,
      origin: verifiers.origin,
      author: verifiers.author,
      createdAt: verifiers.createdAt,
      pipelineStatus: verifiers.pipelineStatus,
      accuracy: verifiers.accuracy,
      dropReason: verifiers.dropReason,
    })
    .from(verifiers)
    .where(eq(verifiers.instructionId, start.instructionId))
    .orderBy(asc(verifiers.id))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  let root = byId.get(verifierId)!;
  while (root.parentId !== null && byId.has(root.parentId)) root = byId.get(root.parentId)!;
  const line = [root];
  for (;;) {
    const next = rows.find((r) => r.parentId === line[line.length - 1]!.id);
    if (!next) break;
    line.push(next);
  }
  return line.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
}
