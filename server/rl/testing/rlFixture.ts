import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { instructions, projects, queries, samples, verifiers } from "@/db/schema";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import { configForPreset } from "@/lib/autoif/presets";
import type { PresetName } from "@/lib/schemas/pipelineConfig";

export interface FixtureVerifier {
  source: string;
  /** javascript unless said (a Python verifier defines evaluate(response) in Python). */
  language?: "javascript" | "python";
  pipelineStatus?: "kept" | "dropped" | "pending";
  reviewStatus?: "unreviewed" | "approved" | "rejected";
  /** A later version of the verifier before it (the earlier one then no longer counts). */
  versionOf?: number;
}

export interface FixtureInstruction {
  text: string;
  verifiers: FixtureVerifier[];
  pipelineStatus?: "kept" | "dropped" | "pending";
  reviewStatus?: "unreviewed" | "approved" | "rejected";
}

/** JavaScript verifiers the RL tests use; each with the plain predicate it computes. */
export const JS = {
  lowercase: "function evaluate(response) { return response === response.toLowerCase(); }",
  short: "function evaluate(response) { return response.length <= 40; }",
  hasOwl: "function evaluate(response) { return response.includes('owl'); }",
  endsWithPeriod: "function evaluate(response) { return response.trim().endsWith('.'); }",
  /** Loops for ever when the response says LOOP: a time-out in the middle of a batch. */
  loopsOnLoop:
    "function evaluate(response) { if (response.includes('LOOP')) { for (;;) {} } return true; }",
  throwsOnBoom:
    "function evaluate(response) { if (response.includes('BOOM')) throw new Error('boom'); return true; }",
  returnsString: "function evaluate(response) { return 'yes'; }",
};

/** Python verifiers (run in Pyodide). */
export const PY = {
  hasOwl: "def evaluate(response):\n    return 'owl' in response\n",
  fewWords: "def evaluate(response):\n    return len(response.split()) <= 3\n",
};

/**
 * A project with the given instructions (numbered 1.. in order), their verifiers and `queryCount`
 * queries paired with every kept instruction. For tests and benchmarks: no LLM, no run.
 */
export function seedRlProject(
  db: Db,
  opts: {
    name: string;
    preset?: PresetName;
    instructions: FixtureInstruction[];
    queryCount?: number;
  },
) {
  const config = configForPreset(opts.preset ?? "paper");
  return db.transaction((tx) => {
    const projectId = tx
      .insert(projects)
      .values({ name: opts.name, preset: opts.preset ?? "paper", config })
      .returning()
      .get().id;
    const queryIds = Array.from({ length: opts.queryCount ?? 3 }, (_, i) => {
      const text = `Tell me something about owls, part ${i + 1}?`;
      return tx
        .insert(queries)
        .values({ projectId, text, normalizedHash: instructionHash(text), length: text.length })
        .returning()
        .get().id;
    });
    const made = opts.instructions.map((ins) => {
      const id = tx
        .insert(instructions)
        .values({
          projectId,
          text: ins.text,
          normalizedHash: instructionHash(ins.text),
          pipelineStatus: ins.pipelineStatus ?? "kept",
          pipelineStage: "pairs",
          reviewStatus: ins.reviewStatus ?? "unreviewed",
        })
        .returning()
        .get();
      const verifierIds: number[] = [];
      for (const v of ins.verifiers) {
        const parent = v.versionOf === undefined ? null : verifierIds[v.versionOf]!;
        const row = tx
          .insert(verifiers)
          .values({
            instructionId: id.id,
            source: v.source,
            language: v.language ?? "javascript",
            origin: "llm",
            compileStatus: "ok",
            pipelineStatus: v.pipelineStatus ?? "kept",
            reviewStatus: v.reviewStatus ?? "unreviewed",
            parentId: parent,
            version: parent === null ? 1 : 2,
          })
          .returning()
          .get();
        verifierIds.push(row.id);
      }
      if ((ins.pipelineStatus ?? "kept") === "kept")
        for (const queryId of queryIds)
          tx.insert(samples).values({ instructionId: id.id, queryId }).run();
      // The number is given by an insert trigger, after RETURNING has read the row.
      const number = tx
        .select({ number: instructions.number })
        .from(instructions)
        .where(eq(instructions.id, id.id))
        .get()!.number!;
      return { id: id.id, number, hash: id.normalizedHash, verifierIds };
    });
    return { projectId, instructions: made, queryIds };
  });
}
