import "server-only";
import { eq } from "drizzle-orm";
import { writeTransaction, type Db } from "@/db/client";
import { appMeta, projects, queries, runs, seedInstructions } from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import { EXAMPLE_QUERY_POOL_NAME, exampleQueries } from "@/lib/examples/exampleQueries";
import { EXAMPLE_PROJECT, exampleSeeds } from "@/lib/examples/exampleSeeds";
import { normalizeTags } from "@/lib/seeds/seedText";

const EXAMPLE_KEY = "example_project_created_at";

/**
 * The paper preset, sized so the example run against the scripted endpoint takes seconds: a
 * few augmentation rounds, K = 4 verifiers, 4 queries and 4 responses per instruction.
 */
function exampleConfig() {
  const config = configForPreset("paper");
  return {
    ...config,
    augment: { ...config.augment, maxCalls: 6, targetCount: 30 },
    verifyGen: { ...config.verifyGen, functionsPerInstruction: 4 },
    pairQueries: { ...config.pairQueries, queriesPerInstruction: 4 },
    respond: { responsesPerSample: 4 },
    sandbox: { ...config.sandbox, deadlineMs: 300 },
  };
}

/**
 * Creates the example project once per database: on the first start of an empty database.
 * The fact is remembered, so a user who deletes the example does not get it back.
 */
export function ensureExampleProject(db: Db): boolean {
  return writeTransaction(db, (tx) => {
    const done = tx.select().from(appMeta).where(eq(appMeta.key, EXAMPLE_KEY)).get();
    if (done) return false;
    const anyProject = tx.select({ id: projects.id }).from(projects).limit(1).get();
    if (!anyProject) {
      const project = tx
        .insert(projects)
        .values({
          name: EXAMPLE_PROJECT.name,
          description: EXAMPLE_PROJECT.description,
          preset: "paper",
          config: exampleConfig(),
          isExample: true,
        })
        .returning({ id: projects.id })
        .get();
      tx.insert(seedInstructions)
        .values(
          exampleSeeds.map((s) => ({
            projectId: project.id,
            text: s.text,
            normalizedHash: instructionHash(s.text),
            tags: normalizeTags(s.tags),
            source: "example" as const,
          })),
        )
        .run();
      tx.insert(queries)
        .values(
          exampleQueries.map((text, i) => ({
            projectId: project.id,
            text,
            normalizedHash: instructionHash(text),
            sourceFile: EXAMPLE_QUERY_POOL_NAME,
            sourceLine: i + 1,
            length: text.length,
          })),
        )
        .run();
    }
    tx.insert(appMeta).values({ key: EXAMPLE_KEY, value: new Date().toISOString() }).run();
    return !anyProject;
  });
}

const EXAMPLE_RUN_KEY = "example_run_started_at";

/**
 * Whether the example project gets its first-start run now: once per database, or again to resume
 * the one scripted example run when it did not finish. Records that it started. Undefined when
 * there is no example project, or it has other runs, or its run finished.
 */
export function claimExampleRun(
  db: Db,
): { projectId: number; resumeRunId: number | null } | undefined {
  const example = db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.isExample, true))
    .get();
  if (!example) return undefined;
  const started = db.select().from(appMeta).where(eq(appMeta.key, EXAMPLE_RUN_KEY)).get();
  const runsOfExample = db
    .select({ id: runs.id, state: runs.state, scripted: runs.scriptedEndpoint })
    .from(runs)
    .where(eq(runs.projectId, example.id))
    .all();
  // Resumed only when the one run is the scripted example run and it did not finish.
  const resumable =
    started &&
    runsOfExample.length === 1 &&
    runsOfExample[0]!.scripted &&
    runsOfExample[0]!.state !== "finished";
  if (!resumable && (started || runsOfExample.length > 0)) return undefined;
  if (!started)
    db.insert(appMeta).values({ key: EXAMPLE_RUN_KEY, value: new Date().toISOString() }).run();
  return { projectId: example.id, resumeRunId: resumable ? runsOfExample[0]!.id : null };
}
