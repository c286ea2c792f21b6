import type { Db } from "@/db/client";
import { JS, PY, seedRlProject } from "../../rl/testing/rlFixture";

/** Plain-JavaScript twins of the fixture's verifiers: the tests compute expected rewards with these, never with the server. */
export const PREDICATES: Record<string, (r: string) => boolean | "error"> = {
  [JS.lowercase]: (r) => r === r.toLowerCase(),
  [JS.short]: (r) => r.length <= 40,
  [JS.hasOwl]: (r) => r.includes("owl"),
  [JS.endsWithPeriod]: (r) => r.trim().endsWith("."),
  [JS.loopsOnLoop]: (r) => (r.includes("LOOP") ? "error" : true),
  [JS.throwsOnBoom]: (r) => (r.includes("BOOM") ? "error" : true),
  [PY.hasOwl]: (r) => r.includes("owl"),
  [PY.fewWords]: (r) => r.split(/\s+/).filter(Boolean).length <= 3,
};

/**
 * The reward tests' project:
 * 1. "Answer in lowercase" — lowercase and short count; hasOwl is reviewer-rejected and
 *    endsWithPeriod pipeline-dropped, so neither counts;
 * 2. "Mention owls" — hasOwl, loopsOnLoop (a time-out mid-batch), throwsOnBoom;
 * 3. a reviewer-rejected instruction; 4. one whose only verifier was dropped; 5. one dropped by the
 *    pipeline; 6. "Be brief" — short; 7. "Mention owls in a few words" — two Python verifiers and
 *    the JavaScript hasOwl (one instruction, both engines).
 */
export function seedRewardProject(db: Db, name = "Rewards") {
  const project = seedRlProject(db, {
    name,
    instructions: [
      {
        text: "Answer in lowercase letters only",
        verifiers: [
          { source: JS.lowercase },
          { source: JS.short },
          { source: JS.hasOwl, reviewStatus: "rejected" },
          { source: JS.endsWithPeriod, pipelineStatus: "dropped" },
        ],
      },
      {
        text: "Mention owls in your answer",
        verifiers: [{ source: JS.hasOwl }, { source: JS.loopsOnLoop }, { source: JS.throwsOnBoom }],
      },
      { text: "Write in French", reviewStatus: "rejected", verifiers: [{ source: JS.hasOwl }] },
      {
        text: "Use exactly three bullet points",
        verifiers: [{ source: JS.hasOwl, pipelineStatus: "dropped" }],
      },
      {
        text: "End with a question",
        pipelineStatus: "dropped",
        verifiers: [{ source: JS.hasOwl }],
      },
      { text: "Be brief", verifiers: [{ source: JS.short }] },
      {
        text: "Mention owls in a few words",
        verifiers: [
          { source: PY.hasOwl, language: "python" },
          { source: PY.fewWords, language: "python" },
          { source: JS.hasOwl },
        ],
      },
    ],
  });
  const counted: string[][] = [
    [JS.lowercase, JS.short],
    [JS.hasOwl, JS.loopsOnLoop, JS.throwsOnBoom],
    [],
    [],
    [],
    [JS.short],
    [PY.hasOwl, PY.fewWords, JS.hasOwl],
  ];
  return { ...project, counted };
}

/** The expected pass rate under the paper preset (errors count as fails) from the plain predicates. */
export function expectedPassRate(sources: readonly string[], response: string): number {
  const passed = sources.filter((s) => PREDICATES[s]!(response) === true).length;
  return passed / sources.length;
}
