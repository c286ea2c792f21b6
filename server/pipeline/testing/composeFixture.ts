import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  compoundConstituents,
  constraintPairs,
  instructions,
  testCases,
  verifiers,
} from "@/db/schema";
import type { VerifierPool } from "../../sandbox/pool";
import { storeMatrix } from "../storeResults";

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
const fn = (body: string) => `function evaluate(response) {\n  ${body}\n}`;

/**
 * Hand-made atomic instructions whose pairs have a known truth (see HAND_MADE_PAIRS): each with
 * its own verifier and a few labelled cases, written for this test set.
 */
export const HAND_MADE = {
  w300: {
    text: "Answer with at least 300 words.",
    source: fn("return response.trim().split(/\\s+/).filter(Boolean).length >= 300;"),
    cases: [
      [`${words(310)}.`, true],
      ["Too short.", false],
    ],
  },
  w50: {
    text: "Keep your answer under 50 words.",
    source: fn("return response.trim().split(/\\s+/).filter(Boolean).length < 50;"),
    cases: [
      ["A short answer.", true],
      [words(80), false],
    ],
  },
  lower: {
    text: "Your entire response should be in English, and in all lowercase letters. No capital letters are allowed.",
    source: fn("return response === response.toLowerCase();"),
    cases: [
      ["all of this is lowercase, friend.", true],
      ["Not lowercase.", false],
    ],
  },
  hello: {
    text: 'Include the word "HELLO" in capitals somewhere in your response.',
    source: fn('return response.includes("HELLO");'),
    cases: [
      ["HELLO, and welcome.", true],
      ["hello there.", false],
    ],
  },
  ps: {
    text: "At the end of your response, please explicitly add a postscript starting with P.S.",
    source: fn('return response.includes("P.S.");'),
    cases: [
      ["Thanks for asking, it was fun.\n\nP.S. See you soon.", true],
      ["No postscript, sorry.", false],
    ],
  },
  para3: {
    text: "There should be exactly 3 paragraphs. Paragraphs are separated by the markdown divider: ***",
    source: fn(
      'const parts = response.split("***").filter((p) => p.trim().length > 0);\n  return parts.length === 3;',
    ),
    cases: [
      ["One part, first.\n***\nTwo, second.\n***\nThree, third.", true],
      ["One paragraph only.", false],
    ],
  },
  commas: {
    text: "In your entire response, refrain from the use of any commas.",
    source: fn('return !response.includes(",");'),
    cases: [
      ["Nothing here uses that mark.", true],
      ["Well, no.", false],
    ],
  },
  yes: {
    text: 'Start your response with the word "Yes".',
    source: fn('return response.trimStart().startsWith("Yes");'),
    cases: [
      ["Yes, gladly, here it is.", true],
      ["Sure, here.", false],
    ],
  },
  qend: {
    text: "End your response with a question mark.",
    source: fn('return response.trim().endsWith("?");'),
    cases: [
      ["Is that so, then?", true],
      ["It is, then.", false],
    ],
  },
  allDone: {
    text: 'Finish your response with this exact phrase: "That is all.". No other words should follow this phrase.',
    source: fn('return response.trim().endsWith("That is all.");'),
    cases: [
      ["Here it is, friend. That is all.", true],
      ["Here it is, friend.", false],
    ],
  },
  vermilion: {
    text: "Mention the color vermilion.",
    source: fn("return /\\bvermilion\\b/i.test(response);"),
    cases: [
      ["vermilion", true],
      ["red, then.", false],
    ],
  },
  twoSentences: {
    text: "Write at least two sentences.",
    source: fn("return (response.match(/[.!?](\\s|$)/g) || []).length >= 2;"),
    cases: [
      ["One, two. Three, four.", true],
      ["none", false],
    ],
  },
} as const;

export type HandMadeKey = keyof typeof HAND_MADE;

/**
 * The known truth of hand-made pairs and the evidence the stage must reach for it: a conflict can
 * only be the judge's word (no execution proves that no answer exists), a compatible pair with a
 * known or generated witness is proven.
 */
export const HAND_MADE_PAIRS: Array<{
  a: HandMadeKey;
  b: HandMadeKey;
  verdict: "compatible" | "conflict";
  evidence: "known" | "generated" | "judge";
}> = [
  { a: "w300", b: "w50", verdict: "conflict", evidence: "judge" },
  { a: "lower", b: "hello", verdict: "conflict", evidence: "judge" },
  { a: "ps", b: "para3", verdict: "compatible", evidence: "generated" },
  { a: "lower", b: "yes", verdict: "conflict", evidence: "judge" },
  { a: "lower", b: "ps", verdict: "conflict", evidence: "judge" },
  // The 310-word case of "at least 300 words" has no comma: a known witness.
  { a: "w300", b: "commas", verdict: "compatible", evidence: "known" },
  // The scripted generator does not know either instruction, and no case passes both: the judge's word.
  { a: "vermilion", b: "twoSentences", verdict: "compatible", evidence: "judge" },
  { a: "w50", b: "twoSentences", verdict: "compatible", evidence: "known" },
  { a: "commas", b: "lower", verdict: "compatible", evidence: "generated" },
];

/**
 * Inserts the hand-made instructions into a project as kept atomic instructions past
 * back-translation, with their verifier kept and their cases run through it in the sandbox as
 * cross-validation would; returns the instruction id of each key.
 */
export async function seedHandMade(
  db: Db,
  projectId: number,
  pool: VerifierPool,
  keys: readonly HandMadeKey[] = Object.keys(HAND_MADE) as HandMadeKey[],
): Promise<Record<HandMadeKey, number>> {
  const ids = {} as Record<HandMadeKey, number>;
  for (const key of keys) {
    const spec = HAND_MADE[key];
    const instruction = db
      .insert(instructions)
      .values({
        projectId,
        text: spec.text,
        normalizedHash: `hand-made:${key}`,
        pipelineStage: "back-translate",
        pipelineStatus: "kept",
      })
      .returning()
      .get();
    const verifier = db
      .insert(verifiers)
      .values({
        instructionId: instruction.id,
        source: spec.source,
        origin: "user",
        compileStatus: "ok",
        accuracy: 1,
        pipelineStatus: "kept",
      })
      .returning()
      .get();
    const cases = spec.cases.map(([input, expected]) =>
      db
        .insert(testCases)
        .values({
          instructionId: instruction.id,
          input,
          expected,
          origin: "user",
          pipelineStatus: "kept",
        })
        .returning()
        .get(),
    );
    const matrix = await pool.evaluateMatrix(
      [spec.source],
      cases.map((c) => c.input),
    );
    for (const [i, c] of cases.entries()) {
      if ((matrix[0]![i]!.verdict === "pass") !== c.expected)
        throw new Error(
          `hand-made case ${i} of ${key} does not get its expected verdict: ${JSON.stringify(matrix[0]![i])}`,
        );
    }
    db.transaction((tx) =>
      storeMatrix(
        tx,
        "case",
        [verifier.id],
        cases.map((c) => c.id),
        matrix,
      ),
    );
    ids[key] = instruction.id;
  }
  return ids;
}

/** What compose decided, without row ids: compounds (text, status, reason, constituents' texts) and pair verdicts by texts. */
export function composeSnapshot(db: Db, projectId: number): string[] {
  const all = db
    .select()
    .from(instructions)
    .where(eq(instructions.projectId, projectId))
    .orderBy(asc(instructions.id))
    .all();
  const textOf = new Map(all.map((i) => [i.id, i.text]));
  const rows = all
    .filter((i) => i.kind === "compound")
    .map((c) => {
      const parts = db
        .select()
        .from(compoundConstituents)
        .where(eq(compoundConstituents.compoundId, c.id))
        .orderBy(asc(compoundConstituents.position))
        .all();
      return `C ${c.text} | ${c.pipelineStatus} | ${c.pipelineStage} | ${c.dropReason} | ${parts.map((p) => textOf.get(p.constituentId)).join(" + ")}`;
    });
  for (const p of db
    .select()
    .from(constraintPairs)
    .where(eq(constraintPairs.projectId, projectId))
    .all()) {
    rows.push(
      `P ${textOf.get(p.aId)} + ${textOf.get(p.bId)} | ${p.verdict} | ${p.evidence} | ${p.witness} | ${p.attempts}`,
    );
  }
  return rows.sort();
}
