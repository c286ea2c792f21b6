/**
 * `npm run soak`: two reviewers and a running pipeline against one studio for a bounded time
 * (AUTOIF_SOAK_SECONDS, default 120), on loopback only. The reviewers are tRPC clients giving
 * response verdicts (review.record, each reviewer on its own half of a generated project's
 * responses) as fast as a person with keyboard shortcuts would, and polling as the pages do; the
 * pipeline runs through the studio's own job runner against the fake LLM on another project.
 * Prints verdicts sent, acknowledged and lost (a response whose review status is not its last
 * acknowledged verdict, or an acknowledged verdict missing from the append-only history), any
 * SQLITE_BUSY or other error a user would have seen, and p50/p95/p99 tRPC latency. Needs a build.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { and, eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { responses, reviews } from "@/db/schema";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { exampleSeeds } from "@/lib/examples/exampleSeeds";
import type { AppRouter } from "../server/api/root";
import { statusAfter } from "../server/services/reviews";
import { startFakeLlmProcess } from "../server/llm/testing/fakeLlmProcess";
import { smallConfig } from "../server/pipeline/testing/pipelineTestBed";

const seconds = Number(process.env.AUTOIF_SOAK_SECONDS ?? 120);
const port = Number(process.env.AUTOIF_SOAK_PORT ?? 3220);
const base = `http://127.0.0.1:${port}`;
const RESPONSES = 400;

const latencies: Record<"query" | "mutation", number[]> = { query: [], mutation: [] };
const userErrors: string[] = [];

const client = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: `${base}/api/trpc`,
      transformer: superjson,
      // As the studio's pages send them: same origin, JSON.
      headers: { Origin: base },
      fetch: async (url, init) => {
        const start = performance.now();
        const res = await fetch(url, init as RequestInit);
        const kind = init?.method === "POST" ? "mutation" : "query";
        latencies[kind].push(performance.now() - start);
        return res;
      },
    }),
  ],
});

function percentile(values: number[], p: number) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitForServer(child: ReturnType<typeof spawn>) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error("the studio exited during start-up");
    if (
      await fetch(`${base}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the studio did not start in 60 s");
}

async function reviewer(name: string, projectId: number, responseIds: number[], until: number) {
  const last = new Map<number, "approve" | "reject" | "clear">();
  let sent = 0;
  let acked = 0;
  for (let n = 0; Date.now() < until; n++) {
    const id = responseIds[Math.floor(Math.random() * responseIds.length)]!;
    const verdict = (["approve", "reject", "clear"] as const)[Math.floor(Math.random() * 3)]!;
    sent++;
    try {
      await client.review.record.mutate({
        projectId,
        itemKind: "response",
        itemIds: [id],
        verdict,
        reason: `soak ${name} ${n}`,
        reviewer: name,
      });
      acked++;
      last.set(id, verdict);
    } catch (error) {
      userErrors.push(`${name} verdict: ${error instanceof Error ? error.message : String(error)}`);
    }
    // The page polls between verdicts, as the review list's count and the runs page would.
    if (n % 5 === 0) {
      await client.response.count
        .query({ projectId, filter: {} })
        .catch((e: unknown) => userErrors.push(`${name} count: ${String(e)}`));
      await client.run.list
        .query({ projectId })
        .catch((e: unknown) => userErrors.push(`${name} runs: ${String(e)}`));
    }
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
  }
  return { name, sent, acked, last };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-soak-"));
  // Slow enough that the pipeline is still writing when the soak ends.
  const fake = await startFakeLlmProcess(["--latency-ms", "150"]);
  const dbFile = path.join(dir, "soak.db");
  const studio = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      env: {
        ...process.env,
        AUTOIF_DB_PATH: dbFile,
        AUTOIF_HOST: "127.0.0.1",
        AUTOIF_PORT: String(port),
        AUTOIF_SKIP_EXAMPLE: "1",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let serverLog = "";
  studio.stdout!.on("data", (c: Buffer) => (serverLog += c.toString()));
  studio.stderr!.on("data", (c: Buffer) => (serverLog += c.toString()));
  try {
    await waitForServer(studio);
    // A fresh pipeline project per run, so every run has real work and keeps writing.
    const pipelineProjects: number[] = [];
    const newPipelineProject = async () => {
      const project = await client.project.create.mutate({
        name: `Soak pipeline ${pipelineProjects.length + 1}`,
      });
      const config = smallConfig(fake.url);
      await client.project.updateConfig.mutate({ id: project.id, preset: "paper", config });
      await client.seed.import.mutate({
        projectId: project.id,
        fileName: "soak.txt",
        format: "txt",
        content: exampleSeeds
          .slice(0, 8)
          .map((e) => e.text)
          .join("\n"),
      });
      pipelineProjects.push(project.id);
      return project.id;
    };
    let pipelineProject = await newPipelineProject();
    // The reviewers' project: generated responses written straight into the studio's file (WAL).
    const seedDb = openDatabase(dbFile);
    const review = seedReviewData(seedDb, {
      projectName: "Soak review",
      responses: RESPONSES,
      label: "Generated for the soak.",
    });
    const ids = seedDb
      .select({ id: responses.id })
      .from(responses)
      .all()
      .map((r) => r.id);
    seedDb.$client.close();

    const until = Date.now() + seconds * 1_000;
    let runsStarted = 0;
    const pipeline = (async () => {
      while (Date.now() < until) {
        const runs = await client.run.list.query({ projectId: pipelineProject });
        if (!runs.some((r) => ["queued", "running", "stopping"].includes(r.state))) {
          if (runs.length > 0) pipelineProject = await newPipelineProject();
          await client.run.start
            .mutate({ projectId: pipelineProject, to: "back-translate" })
            .catch((e: unknown) => userErrors.push(`run.start: ${String(e)}`));
          runsStarted++;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    process.stderr.write(`Soaking for ${seconds} s on ${base}...\n`);
    const [a, b] = await Promise.all([
      reviewer("ada", review.projectId, ids.slice(0, ids.length / 2), until),
      reviewer("bob", review.projectId, ids.slice(ids.length / 2), until),
      pipeline,
    ]);

    const check = openDatabase(dbFile);
    const status = new Map(
      check
        .select({ id: responses.id, reviewStatus: responses.reviewStatus })
        .from(responses)
        .all()
        .map((r) => [r.id, r.reviewStatus]),
    );
    let lost = 0;
    for (const r of [a!, b!]) {
      for (const [id, verdict] of r.last) if (status.get(id) !== statusAfter[verdict]) lost++;
      const history = check
        .select({ id: reviews.id })
        .from(reviews)
        .where(and(eq(reviews.reviewer, r.name), eq(reviews.projectId, review.projectId)))
        .all().length;
      lost += Math.max(0, r.acked - history);
    }
    check.$client.close();
    const runs = (
      await Promise.all(pipelineProjects.map((projectId) => client.run.list.query({ projectId })))
    ).flat();
    const funnels = await Promise.all(
      pipelineProjects.map((projectId) => client.run.funnel.query({ projectId })),
    );
    const instructionsWritten = funnels.reduce(
      (sum, f) => sum + (f.find((row) => row.item === "instructions")?.total ?? 0),
      0,
    );
    const busy = [...userErrors, serverLog].filter((t) =>
      /SQLITE_BUSY|database is locked/.test(t),
    ).length;
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(`Soak: ${seconds} s, 2 reviewers + pipeline, loopback ${base}`);
    console.log(`| measure | value |\n|---|---|`);
    console.log(`| verdicts sent | ${a!.sent + b!.sent} |`);
    console.log(`| verdicts acknowledged | ${a!.acked + b!.acked} |`);
    console.log(
      `| responses with a verdict, checked against the database and history | ${a!.last.size + b!.last.size} |`,
    );
    console.log(`| verdicts lost | ${lost} |`);
    console.log(`| errors a user would see | ${userErrors.length} |`);
    console.log(`| SQLITE_BUSY / database is locked (responses and server log) | ${busy} |`);
    const states = runs
      .map((r) => r.state)
      .reduce<Record<string, number>>((acc, st) => ({ ...acc, [st]: (acc[st] ?? 0) + 1 }), {});
    console.log(
      `| pipeline runs started (by state at the end) | ${runsStarted} (${Object.entries(states)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")}) |`,
    );
    console.log(`| instructions the pipeline wrote | ${instructionsWritten} |`);
    for (const kind of ["query", "mutation"] as const) {
      const v = latencies[kind];
      console.log(
        `| tRPC ${kind} latency p50 / p95 / p99 (n=${v.length}) | ${ms(percentile(v, 50))} / ${ms(percentile(v, 95))} / ${ms(percentile(v, 99))} |`,
      );
    }
    for (const e of userErrors.slice(0, 5)) console.log(`error: ${e}`);
    process.exitCode = lost === 0 && busy === 0 && userErrors.length === 0 ? 0 : 1;
  } finally {
    studio.kill("SIGTERM");
    await fake.stop();
    await new Promise((r) => setTimeout(r, 500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
