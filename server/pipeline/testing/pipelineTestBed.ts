import "server-only";
import { spawn } from "node:child_process";
import path from "node:path";
import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  backTranslations,
  instructions,
  preferencePairs,
  projects,
  queries,
  responses,
  seedInstructions,
  testCases,
  verifiers,
} from "@/db/schema";
import { configForPreset } from "@/lib/autoif/presets";
import { instructionHash } from "@/lib/autoif/normalizeInstruction";
import { exampleQueries } from "@/lib/examples/exampleQueries";
import { exampleSeeds } from "@/lib/examples/exampleSeeds";
import type { PipelineConfig } from "@/lib/schemas/pipelineConfig";

/** A small, fast configuration against `baseUrl`: a few rounds, K = 3, short sandbox deadline. */
export function smallConfig(baseUrl: string, preset: "paper" | "code" = "paper"): PipelineConfig {
  const config = configForPreset(preset);
  const role = {
    model: "fake-model",
    baseUrl,
    temperature: 0.7,
    maxTokens: 1024,
    concurrency: 4,
    timeoutMs: 3_000,
    maxAttempts: 3,
    pricePerMillionInput: 0,
    pricePerMillionOutput: 0,
  };
  return {
    ...config,
    augment: { ...config.augment, instructionsPerCall: 10, targetCount: 12, maxCalls: 4 },
    verifyGen: { ...config.verifyGen, functionsPerInstruction: 3, casesPerCall: 3 },
    sandbox: { ...config.sandbox, deadlineMs: 150 },
    pairQueries: { ...config.pairQueries, queriesPerInstruction: 3 },
    respond: { responsesPerSample: 3 },
    llm: { generator: role, judge: { ...role, model: "fake-judge", temperature: 0 } },
  };
}

/** Adds a project with the first `seedCount` example seeds and 40 example queries; returns its id. */
export function addProject(db: Db, config: PipelineConfig, seedCount = 8): number {
  const project = db
    .insert(projects)
    .values({ name: `pipeline ${Math.random().toString(36).slice(2)}`, config })
    .returning()
    .get();
  db.insert(seedInstructions)
    .values(
      exampleSeeds.slice(0, seedCount).map((s) => ({
        projectId: project.id,
        text: s.text,
        normalizedHash: instructionHash(s.text),
        tags: [],
        source: "typed" as const,
      })),
    )
    .run();
  db.insert(queries)
    .values(
      exampleQueries.slice(0, 40).map((text, i) => ({
        projectId: project.id,
        text,
        normalizedHash: instructionHash(text),
        sourceLine: i + 1,
        length: text.length,
      })),
    )
    .run();
  return project.id;
}

/** Starts `npm run autoif -- run` as a child process on the database file; resolves its exit. */
export function spawnCliRun(
  dbFile: string,
  projectId: number,
  extra: string[] = [],
  env: Record<string, string> = {},
) {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a second process, and a
  // SIGKILL to the first would leave the run going.
  const child = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(process.cwd(), "server/cli/main.ts"),
      "run",
      "--project",
      String(projectId),
      "--quiet",
      ...extra,
    ],
    {
      env: { ...process.env, AUTOIF_DB_PATH: dbFile, AUTOIF_SKIP_EXAMPLE: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    output: string;
  }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, output })));
  return { child, exited };
}

/** `npm run autoif -- <args>` as a user types it, on a database file; resolves its exit code, stdout and stderr. */
export function runCli(
  dbFile: string,
  args: string[],
  extraEnv: Record<string, string> = { AUTOIF_SKIP_EXAMPLE: "1" },
) {
  const child = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(process.cwd(), "server/cli/main.ts"),
      ...args,
    ],
    {
      env: { ...process.env, AUTOIF_DB_PATH: dbFile, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

const stable = (reason: string | null) => reason?.replace(/#\d+/g, "#N") ?? null;

/**
 * Everything a run decided, without row ids (they depend on the order concurrent units finished):
 * instructions, verifiers, cases and back-translations as sorted text rows.
 */
export function pipelineSnapshot(db: Db): string[] {
  const instr = db.select().from(instructions).orderBy(asc(instructions.id)).all();
  const textOf = new Map(instr.map((i) => [i.id, i.text]));
  const rows = [
    ...instr.map(
      (i) => `I ${i.text} | ${i.pipelineStatus} | ${i.pipelineStage} | ${stable(i.dropReason)}`,
    ),
    ...db
      .select()
      .from(verifiers)
      .all()
      .map(
        (v) =>
          `V ${textOf.get(v.instructionId)} | ${v.source} | ${v.pipelineStatus} | ${v.compileStatus} | ${v.accuracy} | ${stable(v.dropReason)}`,
      ),
    ...db
      .select()
      .from(testCases)
      .all()
      .map(
        (c) =>
          `C ${textOf.get(c.instructionId)} | ${c.input} | ${c.expected} | ${c.expectedRaw} | ${c.pipelineStatus} | ${stable(c.dropReason)}`,
      ),
    ...db
      .select()
      .from(backTranslations)
      .all()
      .map((b) => `B ${textOf.get(b.instructionId)} | ${b.text} | ${b.judgeLabel}`),
    ...db
      .select()
      .from(responses)
      .all()
      .map(
        (r) =>
          `R ${r.sampleIndex} | ${r.text} | ${r.passRate} | ${r.score} | ${r.pipelineStatus} | ${stable(r.dropReason)}`,
      ),
  ];
  const responseText = new Map(
    db
      .select({ id: responses.id, text: responses.text })
      .from(responses)
      .all()
      .map((r) => [r.id, r.text]),
  );
  rows.push(
    ...db
      .select()
      .from(preferencePairs)
      .all()
      .map(
        (p) =>
          `P ${responseText.get(p.chosenResponseId)} > ${responseText.get(p.rejectedResponseId)}`,
      ),
  );
  return rows.sort();
}
