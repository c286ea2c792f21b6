import { eq } from "drizzle-orm";
import { configForPreset } from "@/lib/autoif/presets";
import type { Db } from "../client";
import {
  instructions,
  projects,
  queries,
  responses,
  samples,
  testCases,
  verifierResults,
  verifiers,
} from "../schema";

/** Text that must be shown literally: markup and script that would run if rendered as HTML. */
export const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;

/**
 * The seeded verifiers, in JavaScript and in Python, each with the plain-JS predicate its stored
 * outcomes are computed with (the seed writes a run's results without a sandbox; the studio
 * recomputes them in QuickJS or Pyodide). Both sources decide as the predicate on the seed's texts.
 */
export const AUDIT_VERIFIERS = [
  {
    source: "function evaluate(response) {\n  return response === response.toLowerCase();\n}",
    python: "def evaluate(response):\n    return response == response.lower()\n",
    check: (r: string) => r === r.toLowerCase(),
  },
  {
    source: "function evaluate(response) {\n  return !/[A-Z]/.test(response);\n}",
    python:
      'import re\n\ndef evaluate(response):\n    return re.search(r"[A-Z]", response) is None\n',
    check: (r: string) => !/[A-Z]/.test(r),
  },
  {
    source: "function evaluate(response) {\n  // too lenient: passes everything\n  return true;\n}",
    python: "def evaluate(response):\n    # too lenient: passes everything\n    return True\n",
    check: () => true,
  },
  {
    source:
      "function evaluate(response) {\n  return response.toLowerCase() === response && response.length > 0;\n}",
    python:
      "def evaluate(response):\n    return response.lower() == response and len(response) > 0\n",
    check: (r: string) => r.toLowerCase() === r && r.length > 0,
  },
  {
    source:
      "function evaluate(response) {\n  const letters = response.replace(/[^A-Za-z]/g, '');\n  return letters === letters.toLowerCase();\n}",
    python:
      'import re\n\ndef evaluate(response):\n    letters = re.sub(r"[^A-Za-z]", "", response)\n    return letters == letters.lower()\n',
    check: (r: string) => {
      const l = r.replace(/[^A-Za-z]/g, "");
      return l === l.toLowerCase();
    },
  },
] as const;

const CASES: Array<[string, boolean]> = [
  ["hello there", true],
  ["Hello there", false],
  ["HELLO", false],
  ["ok then", true],
  [`${HOSTILE} in lowercase`, true],
  ["all quiet", true],
  ["Mixed Words", false],
  ["no capitals here", true],
  ["One Capital", false],
  ["yes", true],
  ["NO", false],
  ["lower case only.", true],
  ["Upper First", false],
  ["fine, thanks", true],
  ["WHY", false],
  ["sure thing", true],
  ["Sure Thing", false],
  ["numbers 123 ok", true],
  ["ALL CAPS 123", false],
  ["x", true],
];

/**
 * A project with one finished instruction ("answer in lowercase") for the audit page: `verifierCount`
 * verifiers (the third passes everything, so cross-validation drops it), `caseCount` test cases and
 * `responseCount` responses with stored outcomes, pass rates from the kept verifiers, and scores.
 * Texts include markup and script that must render literally. `python` lists the verifiers (by
 * index) stored as their Python version. For e2e tests and benchmarks only.
 */
export function seedAuditProject(
  db: Db,
  opts: {
    name: string;
    verifierCount?: number;
    caseCount?: number;
    responseCount?: number;
    python?: readonly number[];
  },
) {
  const fns = AUDIT_VERIFIERS.slice(0, opts.verifierCount ?? 3);
  const cases = CASES.slice(0, opts.caseCount ?? 5);
  const n = opts.responseCount ?? 12;
  const config = configForPreset("paper");
  return db.transaction((tx) => {
    const projectId = tx
      .insert(projects)
      .values({
        name: opts.name,
        description: "Generated audit data, not a real run.",
        preset: "paper",
        config,
      })
      .returning()
      .get().id;
    const instructionId = tx
      .insert(instructions)
      .values({
        projectId,
        text: `Answer in lowercase letters only. ${HOSTILE}`,
        normalizedHash: `audit ${opts.name}`,
        pipelineStage: "pairs",
        pipelineStatus: "kept",
      })
      .returning()
      .get().id;
    const caseIds = cases.map(
      ([input, expected]) =>
        tx
          .insert(testCases)
          .values({ instructionId, input, expected, origin: "llm", pipelineStatus: "kept" })
          .returning()
          .get().id,
    );
    const fnIds = fns.map((f, fi) => {
      const code = opts.python?.includes(fi)
        ? { source: f.python, language: "python" as const }
        : { source: f.source, language: "javascript" as const };
      const right =
        cases.filter(([input, expected]) => f.check(input) === expected).length / cases.length;
      const kept = right > 0.5 && f.check("Hello") === false;
      return tx
        .insert(verifiers)
        .values({
          instructionId,
          ...code,
          origin: "llm",
          compileStatus: "ok",
          accuracy: right,
          pipelineStatus: kept ? "kept" : "dropped",
          dropReason: kept ? null : `accuracy ${right.toFixed(2)} on kept cases, needs > 0.5`,
        })
        .returning()
        .get().id;
    });
    const queryId = tx
      .insert(queries)
      .values({
        projectId,
        text: `Tell me about owls? ${HOSTILE}`,
        normalizedHash: `q ${opts.name}`,
        length: 40,
      })
      .returning()
      .get().id;
    const sampleId = tx.insert(samples).values({ instructionId, queryId }).returning().get().id;
    const texts = Array.from({ length: n }, (_, i) =>
      i === 0
        ? `owls hoot at night. ${HOSTILE.toLowerCase()}`
        : i % 3 === 0
          ? `Owls Hoot At Night, number ${i}.`
          : i % 3 === 1
            ? `owls hoot at night, number ${i}.`
            : `OWLS ${i}`,
    );
    const write = (fi: number, kind: "case" | "response", targetId: number, text: string) => {
      tx.insert(verifierResults)
        .values({
          verifierId: fnIds[fi]!,
          targetKind: kind,
          targetId,
          outcome: fns[fi]!.check(text) ? "pass" : "fail",
          durationMs: 0.05,
        })
        .run();
    };
    fns.forEach((_, fi) => cases.forEach(([input], ci) => write(fi, "case", caseIds[ci]!, input)));
    const kept = fns.map(
      (f) =>
        f.check("Hello") === false &&
        cases.filter(([input, expected]) => f.check(input) === expected).length / cases.length >
          0.5,
    );
    texts.forEach((text, i) => {
      const passing = fns.filter((f, fi) => kept[fi] && f.check(text)).length;
      const rate = passing / kept.filter(Boolean).length;
      const responseId = tx
        .insert(responses)
        .values({
          sampleId,
          sampleIndex: i,
          text,
          passRate: rate,
          score: 9,
          scoreSamples: [9],
          pipelineStatus: rate > 0.5 ? "kept" : "dropped",
          dropReason: rate > 0.5 ? null : `pass rate ${rate.toFixed(2)}, needs > 0.5`,
        })
        .returning()
        .get().id;
      fns.forEach((_, fi) => write(fi, "response", responseId, text));
    });
    // Per-project numbers, as the page shows them (given by the insert trigger).
    const verifierNumbers = fnIds.map(
      (id) =>
        tx.select({ n: verifiers.number }).from(verifiers).where(eq(verifiers.id, id)).get()!.n!,
    );
    return { projectId, instructionId, verifierIds: fnIds, verifierNumbers, caseIds };
  });
}
