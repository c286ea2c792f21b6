/**
 * `npm run report:reliability`: tries every attack and fault class the studio defends against
 * (issue 13), counts only the tries it executed in this run, and prints one table: what was
 * tried, how often, what happened, and what was lost (rows, verdicts, data). A row says "(HTTP)"
 * only when it went over real HTTP to a started production studio (`npm start`); "(handler)"
 * rows call tRPC's fetch handler in this process; "(process)" rows kill or race real child
 * processes. Exits 1 if any row failed or lost anything. Browser-only checks are Playwright specs;
 * they are listed under the table without a count.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { count, eq, inArray } from "drizzle-orm";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { openDatabase, DatabaseDamagedError, type Db } from "@/db/client";
import {
  exports,
  projects,
  queries,
  responses,
  reviews,
  runs,
  seedInstructions,
} from "@/db/schema";
import { writeDamagedCopies } from "@/db/testing/damage";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { createTestDb } from "@/db/testing/testDb";
import { liveRunStates } from "@/lib/autoif/runStates";
import { decodeSeedFile } from "@/lib/seeds/decodeSeedFile";
import { parseSeedFile, serializeSeeds } from "@/lib/seeds/parseSeedFile";
import { DEEP_NESTING } from "@/lib/verifier/testing/deepNesting";
import { freshEngineReference } from "@/lib/verifier/testing/freshReference";
import { isolationSeeds } from "@/lib/verifier/testing/isolationSeeds";
import {
  HOSTILE_ISOLATION_VERIFIERS,
  ISOLATION_LIMITS,
  isolationSchedule,
  runIsolationSchedule,
} from "@/lib/verifier/testing/isolationVerifiers";
import { HOSTILE_VERIFIERS } from "../e2e/fixtures/hostileVerifiers";
import { HOSTILE_TEXTS } from "../e2e/fixtures/hostileDataset";
import { BUSY_MESSAGE, DISK_FULL_MESSAGE } from "../server/api/publicError";
import { appRouter, createCaller } from "../server/api/root";
import { buildExportFixture } from "../server/export/testing/exportFixture";
import type { Fault } from "../server/llm/scripted/fakeLlmFaults";
import { startFakeLlmProcess } from "../server/llm/testing/fakeLlmProcess";
import { createLlmTestBed, prompt } from "../server/llm/testing/llmTestBed";
import { STAGES } from "../server/pipeline/types";
import { createVerifierPool } from "../server/sandbox/pool";
import { sessionValue } from "../server/security/accessPolicy";
import { backupDatabase } from "../server/services/backup";
import {
  holdWriteLock,
  integrityCheck,
  killImportOnce,
  runAddLoops,
  runChild,
} from "../server/testing/crashHarness";
import { killRunInEveryStage } from "../server/testing/stageKillHarness";
import { startStudio, type StudioServer } from "./studioServer";

type Row = {
  area: string;
  attack: string;
  tries: number;
  outcome: string;
  lost: number;
  ok: boolean;
};
const rows: Row[] = [];
const row = (r: Row) => {
  rows.push(r);
  process.stderr.write(`${r.ok ? "ok  " : "FAIL"} ${r.attack}: ${r.outcome}\n`);
};
/** A class whose check threw is a failed row with the error, never a missing one. */
async function section(area: string, name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (error) {
    row({
      area,
      attack: name,
      tries: 0,
      outcome: `the check itself failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      lost: 0,
      ok: false,
    });
  }
}

const PORT = Number(process.env.AUTOIF_REPORT_PORT ?? 3325);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-report-"));

// ---------------------------------------------------------------- raw HTTP

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request with exactly these headers (fetch would not send a forged Host). */
function request(
  base: string,
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Answer> {
  const url = new URL(pathname, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        setHost: !("host" in headers),
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

function trpcBody(input: unknown) {
  return JSON.stringify({ json: input });
}

// ---------------------------------------------------------------- sandbox

async function sandboxRows() {
  const pool = createVerifierPool({ size: 1, batchSize: 8 });
  try {
    await section(
      "sandbox",
      "hostile verifiers (loops, memory, stack, escapes) in the server pool",
      async () => {
        let contained = 0;
        for (const hostile of HOSTILE_VERIFIERS) {
          const outcomes = await pool.evaluate(hostile.source, ["please", "no"], {
            deadlineMs: 300,
          });
          if (
            outcomes.every((o) => hostile.kinds.includes(o.verdict === "error" ? o.kind : "none"))
          )
            contained++;
        }
        const healthy =
          (
            await pool.evaluate("function evaluate(r) { return /please/.test(r); }", [
              "please",
              "no",
            ])
          )
            .map((o) => o.verdict)
            .join() === "pass,fail";
        row({
          area: "sandbox",
          attack: "hostile verifiers (loops, memory, stack, escapes) in the server pool",
          tries: HOSTILE_VERIFIERS.length,
          outcome: `${contained} contained as errors; pool ${healthy ? "healthy" : "BROKEN"} after`,
          lost: 0,
          ok: contained === HOSTILE_VERIFIERS.length && healthy,
        });
      },
    );
    await section(
      "sandbox",
      "state left on the wrapper, shared intrinsics, globals: random interleavings on one worker",
      async () => {
        const reference = await freshEngineReference();
        const problems: string[] = [];
        let calls = 0;
        for (const seed of isolationSeeds([21, 22])) {
          const schedule = isolationSchedule(seed, 30);
          calls += schedule.reduce((n, s) => n + s.responses.length, 0);
          problems.push(
            ...(await runIsolationSchedule(seed, schedule, reference, (s, r) =>
              pool.evaluate(s, r, ISOLATION_LIMITS),
            )),
          );
        }
        row({
          area: "sandbox",
          attack: `state left on the wrapper, unfrozen intrinsics, globals (${HOSTILE_ISOLATION_VERIFIERS.length} hostile verifiers): random interleavings on one worker`,
          tries: calls,
          outcome: `${calls - problems.length} verdicts equal a fresh engine's; ${problems.length} differ${problems[0] ? ` (first: ${problems[0].slice(0, 120)})` : ""}`,
          lost: problems.length,
          ok: problems.length === 0,
        });
      },
    );
    await section(
      "sandbox",
      "compile-time host overflow (200,000 nested brackets and the like)",
      async () => {
        const before = pool.replacements;
        let located = 0;
        for (const { source } of DEEP_NESTING) {
          const result = await pool.compile(source);
          if (!result.ok && result.error.line >= 1) located++;
        }
        const healthy =
          (
            await pool.evaluate("function evaluate(r) { return /please/.test(r); }", [
              "please",
              "no",
            ])
          )
            .map((o) => o.verdict)
            .join() === "pass,fail";
        const crashed = pool.replacements - before;
        row({
          area: "sandbox",
          attack: "compile-time host overflow (200,000 nested brackets and the like)",
          tries: DEEP_NESTING.length,
          outcome: `${located} located compile errors; worker replaced ${crashed} times; pool ${healthy ? "healthy" : "BROKEN"}`,
          lost: 0,
          ok: located === DEEP_NESTING.length && crashed === 0 && healthy,
        });
      },
    );
  } finally {
    await pool.close();
  }
}

// ---------------------------------------------------------------- data and files (in process)

async function dataRows() {
  const t = createTestDb();
  try {
    const api = createCaller({ db: t.db });
    const projectId = (await api.project.create({ name: "Report" })).id;
    const seeds = Object.entries(HOSTILE_TEXTS)
      .filter(([, text]) => text.length <= 2_000 && !text.includes("\u0000"))
      .map(([key, text]) => ({ text: `${key}: ${text}`, tags: [] }));
    await api.seed.import({
      projectId,
      fileName: "hostile.jsonl",
      format: "jsonl",
      content: serializeSeeds(seeds, "jsonl"),
    });
    const back = parseSeedFile(
      (await api.seed.export({ projectId, format: "jsonl" })).content,
      "jsonl",
    );
    const lost = back.ok
      ? seeds.filter((s, i) => back.seeds[i]?.text !== s.text.trim()).length
      : seeds.length;
    row({
      area: "data",
      attack: "hostile text imported, stored and exported byte for byte",
      tries: seeds.length,
      outcome: `${seeds.length - lost} round-tripped exactly`,
      lost,
      ok: lost === 0,
    });

    const before = (await api.seed.list({ projectId })).length;
    const bad: Array<() => Promise<unknown>> = [
      () =>
        api.seed.import({
          projectId,
          fileName: "line.txt",
          format: "txt",
          content: "w".repeat(9_999_000),
        }),
      () =>
        api.seed.import({
          projectId,
          fileName: "latin1.txt",
          format: "txt",
          content: "R\uFFFDponds.\n",
        }),
      () =>
        api.seed.import({
          projectId,
          fileName: "deep.jsonl",
          format: "jsonl",
          content: `{"instruction": ${"[".repeat(1_000_000)}`,
        }),
      () =>
        api.seed.import({
          projectId,
          fileName: "x.csv",
          format: "csv" as "txt",
          content: "instruction\n=1+1\n",
        }),
    ];
    let refused = 0;
    for (const attempt of bad)
      if (
        (await attempt().then(
          () => "accepted",
          () => "refused",
        )) === "refused"
      )
        refused++;
    const invalidBytes = decodeSeedFile(Uint8Array.from([0x52, 0xe9, 0x0a])).ok ? 0 : 1;
    const written = (await api.seed.list({ projectId })).length - before;
    row({
      area: "files",
      attack: "bad seed files (10 MB line, bad UTF-8, U+FFFD, deep JSON, CSV)",
      tries: bad.length + 1,
      outcome: `${refused + invalidBytes} refused with a message; rows written ${written}`,
      lost: 0,
      ok: refused + invalidBytes === bad.length + 1 && written === 0,
    });
  } finally {
    t.cleanup();
  }
}

async function handlerCall(db: Db, proc: string, input: unknown) {
  const req = new Request(`http://127.0.0.1/api/trpc/${proc}`, {
    method: "POST",
    body: trpcBody(input),
    headers: { "content-type": "application/json" },
  });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ db }),
  });
  const body = (await res.json()) as { error?: { json: { message: string } } };
  return { status: res.status, message: body.error?.json.message ?? "" };
}

async function databaseRows() {
  await section(
    "database",
    "damaged database file at open (truncated; pages overwritten in the middle)",
    async () => {
      const files = writeDamagedCopies(path.join(work, "damaged"));
      let refused = 0;
      for (const file of [files.truncated, files.middle]) {
        const before = fs.readFileSync(file);
        try {
          openDatabase(file).$client.close();
        } catch (error) {
          if (
            error instanceof DatabaseDamagedError &&
            error.message.includes(path.resolve(file)) &&
            error.message.includes("npm run autoif -- backup") &&
            fs.readFileSync(file).equals(before)
          )
            refused++;
        }
      }
      const intact = openDatabase(files.intact);
      const readable = intact.select({ n: count() }).from(projects).get()!.n === files.rows;
      intact.$client.close();
      const start = await runChild("server/cli/start.ts", [], {
        env: {
          AUTOIF_DB_PATH: files.middle,
          AUTOIF_SKIP_EXAMPLE: "1",
          AUTOIF_EXAMPLE_RUN: "0",
          AUTOIF_PORT: String(PORT + 3),
        },
      });
      const startRefused =
        start.code === 1 &&
        !start.output.includes("Database ready") &&
        start.output.includes("is damaged")
          ? 1
          : 0;
      row({
        area: "database",
        attack:
          "damaged database file at open (truncated; 3 pages overwritten mid-file; npm start on it)",
        tries: 3,
        outcome: `${refused + startRefused}/3 refused naming the file and the backup restore, file untouched; intact copy ${readable ? "reads" : "DOES NOT read"}`,
        lost: 0,
        ok: refused === 2 && startRefused === 1 && readable,
      });
    },
  );

  await section("database", "write lock held by another process; full disk (handler)", async () => {
    const t = createTestDb();
    try {
      const projectId = (await createCaller({ db: t.db }).project.create({ name: "Busy" })).id;
      const lock = await holdWriteLock(t.file);
      t.db.$client.pragma("busy_timeout = 50");
      const busy = await handlerCall(t.db, "project.create", {
        name: "Written while locked",
      }).finally(() => lock.release());
      t.db.$client.pragma("busy_timeout = 5000");
      const pages = t.db.$client.pragma("page_count", { simple: true }) as number;
      t.db.$client.pragma(`max_page_count = ${pages}`);
      const content = Array.from(
        { length: 3_000 },
        (_, i) => `Disk full seed ${i}: ${"answer in detail ".repeat(20)}`,
      ).join("\n");
      const full = await handlerCall(t.db, "seed.import", {
        projectId,
        fileName: "many.txt",
        format: "txt",
        content,
      });
      t.db.$client.pragma("max_page_count = 4294967294");
      const written =
        t.db.select({ n: count() }).from(projects).get()!.n -
        1 +
        t.db.select({ n: count() }).from(seedInstructions).get()!.n;
      const okBusy = busy.status === 503 && busy.message === BUSY_MESSAGE;
      const okFull = full.status === 503 && full.message === DISK_FULL_MESSAGE;
      row({
        area: "database",
        attack: "write lock held by a second process; full disk (max_page_count) (handler)",
        tries: 2,
        outcome: `busy: ${busy.status} "${busy.message.slice(0, 40)}…"; full: ${full.status} "${full.message.slice(0, 30)}…"; rows written ${written}`,
        lost: written,
        ok: okBusy && okFull && written === 0,
      });
    } finally {
      t.cleanup();
    }
  });
}

// ---------------------------------------------------------------- LLM endpoint bodies

async function llmRows() {
  await section(
    "llm",
    "endpoint answering 2 MB bodies, invalid UTF-8, a body stalled half-way",
    async () => {
      const fake = await startFakeLlmProcess();
      const bed = createLlmTestBed(fake.url);
      try {
        const messages = prompt("score", "Query: <<<\nWhy is the sky blue?\n>>>");
        const expectations: Array<[Fault, RegExp]> = [
          ["big-body", /response body larger than 1024 KiB/],
          ["invalid-utf8", /not valid UTF-8/],
          ["stall-body", /timed out after 500 ms/],
        ];
        let failedClearly = 0;
        for (const [fault, error] of expectations) {
          await fake.script([{ fault }]);
          const result = await bed
            .client({ generator: { timeoutMs: 500, maxAttempts: 2 } })
            .call({ role: "generator", kind: "score", messages });
          if (!result.ok && error.test(result.error)) failedClearly++;
        }
        await fake.script([]);
        // A named client, not bed.client().call(...): Prettier formats that chain differently on a second pass.
        const client = bed.client();
        const after = await client.call({
          role: "generator",
          kind: "score",
          messages: prompt("score", "Query: <<<\nHow do tides work?\n>>>"),
        });
        row({
          area: "llm",
          attack: "endpoint answering 2 MB bodies, invalid UTF-8, a body stalled half-way",
          tries: expectations.length,
          outcome: `${failedClearly} recorded as failed calls with a clear error (bounded by size and time); next call ${after.ok ? "ok" : "FAILED"}`,
          lost: 0,
          ok: failedClearly === expectations.length && after.ok,
        });
      } finally {
        bed.cleanup();
        await fake.stop();
      }
    },
  );
}

// ---------------------------------------------------------------- crashes (processes)

async function crashRows() {
  const t = createTestDb();
  try {
    const api = createCaller({ db: t.db });
    const projectId = (await api.project.create({ name: "Crash report" })).id;
    await section("crash", "SIGKILL inside a seed import's transaction", async () => {
      const batch = 1_000;
      const rounds = 6;
      let partial = 0;
      let mid = 0;
      let badIntegrity = 0;
      for (let i = 0; i < rounds; i++) {
        const killIn = (i % 3) + 1;
        const r = await killImportOnce(t.file, t.db, projectId, {
          batch,
          killIn,
          tag: `report${i}`,
        });
        if (r.after - r.before !== (killIn - 1) * batch) partial++;
        if (r.killedMidImport) mid++;
        if (r.integrity !== "ok") badIntegrity++;
      }
      row({
        area: "crash",
        attack: `SIGKILL inside a ${batch}-seed import's transaction (process, kill point)`,
        tries: rounds,
        outcome: `${mid} killed mid-import; integrity ok ${rounds - badIntegrity}/${rounds}; partial imports ${partial}`,
        lost: partial,
        ok: partial === 0 && badIntegrity === 0 && mid === rounds,
      });
    });

    await section("crash", "4 processes of read-then-write transactions at once", async () => {
      const before = (await api.seed.list({ projectId })).length;
      const contention = await runAddLoops(t.db, t.file, projectId, 4, 250);
      const busy = contention.results.filter(
        (r) => /SQLITE_BUSY|database is locked/.test(r.output) || r.code !== 0,
      ).length;
      row({
        area: "crash",
        attack: "4 processes of read-then-write transactions at once (BEGIN IMMEDIATE)",
        tries: 1_000,
        outcome: `${busy} processes saw SQLITE_BUSY or an error`,
        lost: 1_000 - (contention.seeds - before),
        ok: busy === 0 && contention.seeds - before === 1_000,
      });
    });

    await section("crash", "online backup, then restore and read", async () => {
      const file = path.join(work, "report-backup.db");
      const report = await backupDatabase(t.db, file);
      const restoredDb = openDatabase(file);
      const restoredCount = (await createCaller({ db: restoredDb }).seed.list({ projectId }))
        .length;
      const liveCount = (await api.seed.list({ projectId })).length;
      restoredDb.$client.close();
      row({
        area: "crash",
        attack: "online backup, then restore and read",
        tries: 1,
        outcome: `integrity ${report.integrity}; ${restoredCount}/${liveCount} seeds restored`,
        lost: liveCount - restoredCount,
        ok: report.integrity === "ok" && restoredCount === liveCount,
      });
    });
  } finally {
    t.cleanup();
  }

  await section("crash", "SIGKILL in each pipeline stage, then resume", async () => {
    const fake = await startFakeLlmProcess();
    try {
      const r = await killRunInEveryStage(fake.url);
      const ok =
        r.killedIn.length === STAGES.length &&
        r.integrity.every((i) => i === "ok") &&
        r.finalExit === 0 &&
        r.sameAsReference;
      row({
        area: "crash",
        attack: "SIGKILL in each of the ten pipeline stages, then resume (process, kill point)",
        tries: r.killedIn.length,
        outcome: `killed in ${r.killedIn.length}/${STAGES.length} stages; integrity ok ${r.integrity.filter((i) => i === "ok").length}/${r.integrity.length}; resumed to ${r.states.join()}; ${r.sameAsReference ? "same data as an uninterrupted run" : "DIFFERENT data"}`,
        lost: r.sameAsReference ? 0 : 1,
        ok,
      });
    } finally {
      await fake.stop();
    }
  });

  await section("crash", "SIGKILL inside a bulk review", async () => {
    const b = createTestDb();
    try {
      const { projectId } = seedReviewData(b.db, { projectName: "Bulk", responses: 1_200 });
      const statuses = () =>
        JSON.stringify(
          b.db.select({ id: responses.id, s: responses.reviewStatus }).from(responses).all(),
        );
      const before = statuses();
      let clean = 0;
      for (const killAt of ["bulk-review:1", "bulk-review:2"]) {
        const r = await runChild(
          "server/testing/bulkReviewChild.ts",
          [b.file, String(projectId), "1200"],
          { killAt },
        );
        if (
          r.signal === "SIGKILL" &&
          b.db.select({ n: count() }).from(reviews).get()!.n === 0 &&
          statuses() === before
        )
          clean++;
      }
      const again = await runChild("server/testing/bulkReviewChild.ts", [
        b.file,
        String(projectId),
        "1200",
      ]);
      const applied = b.db.select({ n: count() }).from(reviews).get()!.n;
      row({
        area: "crash",
        attack:
          "SIGKILL inside a bulk review of 1,200 responses, after batch 1 and 2 of 3 (process, kill point)",
        tries: 2,
        outcome: `${clean}/2 left no verdict and no status changed; integrity ${integrityCheck(b.db)}; the review then applied ${applied}/1200`,
        lost: 2 - clean,
        ok: clean === 2 && applied === 1_200 && again.code === 0,
      });
    } finally {
      b.cleanup();
    }
  });

  await section("crash", "SIGKILL during an export and while its files are replaced", async () => {
    const e = createTestDb();
    try {
      const projectId = buildExportFixture(e.db).project.id;
      const dir = path.join(work, "exports");
      fs.mkdirSync(dir, { recursive: true });
      const out = path.join(dir, "sft.jsonl");
      const env = { AUTOIF_DB_PATH: e.file, AUTOIF_SKIP_EXAMPLE: "1" };
      const exportOnce = (killAt?: string) =>
        runChild(
          "server/cli/main.ts",
          ["export", "--project", String(projectId), "--format", "alpaca", "--out", out, "--quiet"],
          { killAt, env },
        );
      fs.writeFileSync(
        path.join(dir, "dataset_info.json"),
        `${JSON.stringify({ my_own_data: { file_name: "mine.json" } }, null, 2)}\n`,
      );
      const first = await exportOnce();
      if (first.code !== 0) throw new Error(`the first export failed: ${first.output}`);
      const snapshot = () =>
        Object.fromEntries(
          fs
            .readdirSync(dir)
            .filter((f) => !f.includes(".partial-"))
            .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
        );
      const exportRows = () => e.db.select({ n: count() }).from(exports).get()!.n;
      let kept = 0;
      const points = [
        "export:1",
        "write:sft.jsonl",
        "write:sft.manifest.json",
        "write:dataset_info.json",
      ];
      for (const killAt of points) {
        fs.writeFileSync(out, "the previous export\n");
        const before = snapshot();
        const rowsBefore = exportRows();
        const r = await exportOnce(killAt);
        const after = snapshot();
        // Before the data file is in place: every file as it was and no row. After: the data file
        // is new and recorded, and the file being replaced keeps its old content.
        const replaced = killAt.slice("write:".length);
        const whole =
          killAt === "export:1" || killAt === "write:sft.jsonl"
            ? JSON.stringify(after) === JSON.stringify(before) && exportRows() === rowsBefore
            : after[replaced] === before[replaced] && exportRows() === rowsBefore + 1;
        if (r.signal === "SIGKILL" && whole) kept++;
      }
      const registry = JSON.parse(
        fs.readFileSync(path.join(dir, "dataset_info.json"), "utf8"),
      ) as Record<string, unknown>;
      row({
        area: "crash",
        attack:
          "SIGKILL mid-export and before each rename (data file, manifest, dataset_info.json) (process, kill point)",
        tries: points.length,
        outcome: `${kept}/${points.length} left every file whole (old or new) and the history right; user's registry entry ${"my_own_data" in registry ? "kept" : "LOST"}`,
        lost: points.length - kept,
        ok: kept === points.length && "my_own_data" in registry,
      });
    } finally {
      e.cleanup();
    }
  });
}

// ---------------------------------------------------------------- runs (processes)

const RUN_CHILD = `
import { openDatabase } from "@/db/client";
import { createRun } from "@/server/pipeline/runs";
const db = openDatabase(process.argv[2]);
process.stdout.write("ready\\n");
process.stdin.once("data", () => {
  try { createRun(db, { projectId: Number(process.argv[3]) }); process.stdout.write("created\\n"); }
  catch (e) { process.stdout.write("refused " + (e instanceof Error ? e.message : String(e)) + "\\n"); }
  process.exit(0);
});
`;

async function runRows() {
  await section(
    "runs",
    "two processes creating a run of one project at the same moment",
    async () => {
      const t = createTestDb();
      const script = path.join(process.cwd(), "bench", `.report-run-child-${process.pid}.ts`);
      fs.writeFileSync(script, RUN_CHILD);
      try {
        const projectId = (await createCaller({ db: t.db }).project.create({ name: "Two runs" }))
          .id;
        const tries = 10;
        let doubled = 0;
        for (let i = 0; i < tries; i++) {
          const children = [0, 1].map(() =>
            spawn(
              process.execPath,
              ["--conditions=react-server", "--import", "tsx", script, t.file, String(projectId)],
              { stdio: ["pipe", "pipe", "pipe"] },
            ),
          );
          try {
            const ready = children.map(
              (c) =>
                new Promise<void>((resolve, reject) => {
                  let out = "";
                  c.stdout.on("data", (d: Buffer) => {
                    out += d.toString();
                    if (out.includes("ready")) resolve();
                  });
                  c.once("exit", () => reject(new Error(`a run child exited early: ${out}`)));
                }),
            );
            await Promise.all(ready);
            const done = children.map(
              (c) => new Promise<void>((resolve) => c.once("exit", () => resolve())),
            );
            for (const c of children) c.stdin.write("go\n");
            await Promise.all(done);
          } finally {
            for (const c of children) c.kill("SIGKILL");
          }
          const live = t.db
            .select({ id: runs.id })
            .from(runs)
            .where(inArray(runs.state, [...liveRunStates]))
            .all();
          if (live.length > 1) doubled++;
          t.db.update(runs).set({ state: "finished" }).where(eq(runs.projectId, projectId)).run();
        }
        row({
          area: "runs",
          attack: "two processes creating a run of one project at the same moment (process)",
          tries,
          outcome: `${doubled} tries ended with two active runs`,
          lost: doubled,
          ok: doubled === 0,
        });
      } finally {
        fs.rmSync(script, { force: true });
        t.cleanup();
      }
    },
  );
}

// ---------------------------------------------------------------- over HTTP: an open studio

async function openStudioRows() {
  const dbFile = path.join(work, "open.db");
  // A project with rows to export, so a refused download is refused for the attack, not for being empty.
  const seeded = openDatabase(dbFile);
  const exportProjectId = buildExportFixture(seeded).project.id;
  seeded.$client.close();
  let studio: StudioServer | undefined;
  try {
    studio = await startStudio(PORT, { AUTOIF_DB_PATH: dbFile, AUTOIF_SKIP_EXAMPLE: "1" });
    const base = studio.base;
    const own = `127.0.0.1:${PORT}`;
    const origin = `http://${own}`;
    const json = { "content-type": "application/json", origin };
    const created = await request(
      base,
      "POST",
      "/api/trpc/project.create",
      json,
      trpcBody({ name: "Over HTTP" }),
    );
    const projectId = (JSON.parse(created.body) as { result: { data: { json: { id: number } } } })
      .result.data.json.id;
    const reader = openDatabase(dbFile);
    try {
      await section("network", "foreign Host header (DNS rebinding)", async () => {
        const paths = [
          "/",
          `/projects/${projectId}/seeds`,
          "/api/trpc/project.list",
          "/api/sandbox/quickjs.wasm",
        ];
        const hosts = [
          "evil.example",
          "evil.example:3000",
          `127.0.0.1:${PORT + 1}`,
          `127.0.0.1.evil.example:${PORT}`,
          `localhost.:${PORT}`,
          `0.0.0.0:${PORT}`,
        ];
        let tries = 0;
        let refused = 0;
        for (const p of paths)
          for (const host of hosts)
            for (const method of ["GET", "POST", "PUT", "OPTIONS"]) {
              tries++;
              const r = await request(
                base,
                method,
                p,
                method === "POST" ? { ...json, host } : { host },
                method === "POST" ? trpcBody({}) : undefined,
              );
              if (r.status === 403) refused++;
            }
        row({
          area: "network",
          attack:
            "foreign Host header (DNS rebinding): pages, queries, mutations, downloads (HTTP)",
          tries,
          outcome: `${refused} refused 403`,
          lost: 0,
          ok: refused === tries,
        });
      });

      await section("network", "Host and Origin oddities", async () => {
        const attempts: Array<Record<string, string>> = [
          { host: `localhost:${PORT}:80` },
          { host: `127.0.0.1:${PORT}:80` },
          { host: `127.0.0.1:${PORT}`, origin: `https://127.0.0.1:${PORT}` },
          { host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT}:80` },
        ];
        let refused = 0;
        for (const headers of attempts) {
          const r = await request(
            base,
            "POST",
            "/api/trpc/project.create",
            { "content-type": "application/json", origin, ...headers },
            trpcBody({ name: `Odd ${refused}-${Math.random()}` }),
          );
          if (r.status === 403) refused++;
        }
        row({
          area: "network",
          attack: "Host with two ports, Origin with the other scheme or a second port (HTTP)",
          tries: attempts.length,
          outcome: `${refused} refused 403`,
          lost: attempts.length - refused,
          ok: refused === attempts.length,
        });
      });

      await section("network", "cross-origin or originless mutation (CSRF)", async () => {
        const origins = [
          "http://evil.example",
          "null",
          `http://127.0.0.1:${PORT + 1}`,
          `http://127.0.0.1:${PORT}.evil.example`,
          "file://",
          "chrome-extension://abc",
          undefined,
        ];
        const before = reader.select({ n: count() }).from(projects).get()!.n;
        let refused = 0;
        for (const o of origins) {
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (o !== undefined) headers.origin = o;
          const r = await request(
            base,
            "POST",
            "/api/trpc/project.create",
            headers,
            trpcBody({ name: `CSRF ${Math.random()}` }),
          );
          if (r.status === 403) refused++;
        }
        const made = reader.select({ n: count() }).from(projects).get()!.n - before;
        row({
          area: "network",
          attack: "cross-origin or originless mutation (CSRF) (HTTP)",
          tries: origins.length,
          outcome: `${refused} refused 403`,
          lost: made,
          ok: refused === origins.length,
        });
      });

      await section("network", "form or text/plain post to tRPC", async () => {
        const types = [
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/jsonx",
          "text/json",
        ];
        let refused = 0;
        for (const type of types) {
          const r = await request(
            base,
            "POST",
            "/api/trpc/project.create",
            { "content-type": type, origin },
            trpcBody({ name: `Form ${Math.random()}` }),
          );
          if (r.status === 415) refused++;
        }
        row({
          area: "network",
          attack: "form or text/plain post to tRPC (HTTP)",
          tries: types.length,
          outcome: `${refused} refused 415`,
          lost: 0,
          ok: refused === types.length,
        });
      });

      await section("network", "cross-site GET of the export download", async () => {
        const exportsBefore = reader.select({ n: count() }).from(exports).get()!.n;
        const variants: Array<Record<string, string>> = [
          { "sec-fetch-site": "cross-site" },
          { "sec-fetch-site": "cross-site", "sec-fetch-dest": "image" },
          { origin: "http://evil.example" },
          { referer: "http://evil.example/page.html" },
          { "sec-fetch-site": "same-site", referer: `http://localhost:${PORT + 1}/` },
        ];
        let refused = 0;
        for (const headers of variants) {
          const r = await request(
            base,
            "GET",
            `/api/projects/${exportProjectId}/export?format=alpaca`,
            headers,
          );
          if (r.status >= 400) refused++;
        }
        const made = reader.select({ n: count() }).from(exports).get()!.n - exportsBefore;
        // For the reader: what the same URL answers a same-origin request (the project has rows to export).
        const own = await request(
          base,
          "GET",
          `/api/projects/${exportProjectId}/export?format=alpaca`,
          { "sec-fetch-site": "same-origin" },
        );
        row({
          area: "network",
          attack: "cross-site GET of the export download (<img> from another origin) (HTTP)",
          tries: variants.length,
          outcome: `${refused}/${variants.length} refused; exports recorded by them ${made}; same-origin GET answers ${own.status}`,
          lost: made,
          ok: refused === variants.length && made === 0,
        });
      });

      await section("network", "open redirect through /login?next=", async () => {
        const nexts = [
          "/%09/evil.example/path",
          "/%0A/evil.example/path",
          "//evil.example/path",
          "/\\evil.example",
          "https://evil.example/",
          "/%5Cevil.example",
        ];
        let stayed = 0;
        for (const next of nexts) {
          const r = await request(base, "GET", `/login?next=${next}`);
          const location = r.headers.location;
          // Resolved as a browser would, which strips tabs and newlines first.
          const target =
            location === undefined ? base : new URL(location.replace(/[\t\n\r]/g, ""), base).origin;
          if (target === base) stayed++;
        }
        row({
          area: "network",
          attack:
            "open redirect through /login?next= (tab, newline, //, backslash, absolute) (HTTP)",
          tries: nexts.length,
          outcome: `${stayed} stayed on the studio's origin`,
          lost: nexts.length - stayed,
          ok: stayed === nexts.length,
        });
      });

      await section("files", "invalid UTF-8 in a project name", async () => {
        const before = reader.select({ n: count() }).from(projects).get()!.n;
        const body = Buffer.concat([
          Buffer.from('{"json":{"name":"Bad '),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(' name"}}'),
        ]);
        const r = await request(base, "POST", "/api/trpc/project.create", json, body);
        const after = reader.select({ n: count() }).from(projects).get()!.n;
        row({
          area: "files",
          attack: "invalid UTF-8 bytes in a project name (HTTP)",
          tries: 1,
          outcome: `${r.status}; projects written ${after - before}`,
          lost: after - before,
          ok: r.status === 400 && after === before,
        });
      });

      await section("files", "uploads at the limit + 1 and over 10 MB", async () => {
        const seedsBefore = reader.select({ n: count() }).from(seedInstructions).get()!.n;
        const over = await request(
          base,
          "POST",
          "/api/trpc/seed.import",
          json,
          trpcBody({
            projectId,
            fileName: "over.txt",
            format: "txt",
            content: `${"Answer briefly. ".repeat(625_000)}x`,
          }),
        );
        const seedsAfter = reader.select({ n: count() }).from(seedInstructions).get()!.n;
        const lines = 150_000;
        const pool = Array.from({ length: lines }, (_, i) =>
          `Query ${String(i).padStart(6, "0")}: what is the clearest way to explain idea ${i} to a student?`.padEnd(
            97,
            " ",
          ),
        ).join("\n");
        const big = await request(
          base,
          "POST",
          `/api/projects/${projectId}/queries?format=txt&fileName=pool.txt&max=300`,
          { "content-type": "application/octet-stream", origin },
          pool,
        );
        const stored = reader
          .select({ n: count() })
          .from(queries)
          .where(eq(queries.projectId, projectId))
          .get()!.n;
        row({
          area: "files",
          attack: `seed file at 10 MB + 1 (tRPC) and a ${(Buffer.byteLength(pool) / 1e6).toFixed(1)} MB query pool of ${lines.toLocaleString("en")} lines (HTTP)`,
          tries: 2,
          outcome: `limit+1: ${over.status}, rows ${seedsAfter - seedsBefore}; big pool: ${big.status}, ${stored.toLocaleString("en")}/${lines.toLocaleString("en")} rows`,
          lost: lines - stored + (seedsAfter - seedsBefore),
          ok:
            over.status === 413 &&
            seedsAfter === seedsBefore &&
            big.status === 200 &&
            stored === lines,
        });
      });

      await section(
        "database",
        "route handler errors: unknown project, bad line, busy database",
        async () => {
          const q = "What is the tallest mountain on Earth, and how tall is it?\n";
          const upload = (id: number, body: string, format = "txt") =>
            request(
              base,
              "POST",
              `/api/projects/${id}/queries?format=${format}&fileName=p.${format}`,
              { "content-type": "application/octet-stream", origin },
              body,
            );
          const missing = await upload(987_654, q);
          const badLine = await upload(projectId, `{"query": "${q.trim()}"}\nnot json\n`, "jsonl");
          const lock = await holdWriteLock(dbFile);
          const busy = await upload(projectId, q).finally(() => lock.release());
          const busyMessage = (JSON.parse(busy.body) as { message?: string }).message;
          const leaked = /SqliteError|SQLITE_|at \w+ \(|\/work\//.test(
            missing.body + badLine.body + busy.body,
          );
          row({
            area: "database",
            attack:
              "query-upload route errors: unknown project, bad line, write lock held by another process (HTTP)",
            tries: 3,
            outcome: `${missing.status} / ${badLine.status} / ${busy.status} "${(busyMessage ?? "").slice(0, 40)}…"; internals leaked: ${leaked ? "YES" : "no"}`,
            lost: 0,
            ok:
              missing.status === 404 &&
              badLine.status === 400 &&
              busy.status === 503 &&
              busyMessage === BUSY_MESSAGE &&
              !leaked,
          });
        },
      );
    } finally {
      reader.$client.close();
    }
  } catch (error) {
    row({
      area: "network",
      attack: "open studio over HTTP",
      tries: 0,
      outcome: `the studio did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      lost: 0,
      ok: false,
    });
  } finally {
    await studio?.stop();
  }
}

// ---------------------------------------------------------------- over HTTP: a studio with a token

async function lockedStudioRows() {
  const token = "report-token-0123456789abcdef";
  let studio: StudioServer | undefined;
  try {
    studio = await startStudio(PORT, {
      AUTOIF_DB_PATH: path.join(work, "locked.db"),
      AUTOIF_SKIP_EXAMPLE: "1",
      AUTOIF_TOKEN: token,
    });
    const base = studio.base;
    await section("network", "missing or wrong access token", async () => {
      const paths = [
        "/",
        "/projects/1/seeds",
        "/api/trpc/project.list",
        "/api/sandbox/quickjs.wasm",
      ];
      const wrong: Array<Record<string, string>> = [
        {},
        { cookie: "autoif_session=" },
        { cookie: `autoif_session=${token}` },
        { cookie: `autoif_session=${sessionValue("other-token-0123456789")}` },
        { cookie: `autoif_session=${sessionValue(token)}x` },
        { authorization: "Bearer wrong-token-0123456789" },
      ];
      let tries = 0;
      let refused = 0;
      for (const p of paths)
        for (const headers of wrong) {
          tries++;
          const r = await request(base, "GET", p, headers);
          if (
            r.status === 401 ||
            (r.status >= 300 && r.status < 400 && (r.headers.location ?? "").startsWith("/login"))
          )
            refused++;
        }
      let accepted = 0;
      for (const p of paths)
        if (
          (await request(base, "GET", p, { cookie: `autoif_session=${sessionValue(token)}` }))
            .status === 200
        )
          accepted++;
      row({
        area: "network",
        attack: "missing or wrong access token, AUTOIF_TOKEN set (HTTP)",
        tries: tries + paths.length,
        outcome: `${refused}/${tries} refused (401, or a page redirected to /login); right token accepted ${accepted}/${paths.length}`,
        lost: 0,
        ok: refused === tries && accepted === paths.length,
      });
    });

    await section("network", "login guesses from one client", async () => {
      const guesses = 40;
      const answers = await Promise.all(
        Array.from({ length: guesses }, (_, i) =>
          request(
            base,
            "POST",
            "/api/auth/login",
            { "content-type": "application/json", origin: base },
            JSON.stringify({ token: `wrong-guess-${i}-0123456789` }),
          ),
        ),
      );
      const limited = answers.filter((a) => a.status === 429).length;
      const checked = answers.filter((a) => a.status === 401).length;
      row({
        area: "network",
        attack: `${guesses} wrong login tokens at once from one client (HTTP)`,
        tries: guesses,
        outcome: `${checked} checked (401), ${limited} refused as too many (429)`,
        lost: 0,
        ok: limited > 0 && checked < guesses,
      });
    });
  } catch (error) {
    row({
      area: "network",
      attack: "studio with a token over HTTP",
      tries: 0,
      outcome: `the studio did not start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      lost: 0,
      ok: false,
    });
  } finally {
    await studio?.stop();
  }
}

// ---------------------------------------------------------------- table

const SPECS = [
  "e2e/security.spec.ts (CSP, headers, the login page)",
  "e2e/hostile.spec.ts (the hostile dataset on every page)",
  "e2e/secrets.spec.ts (a planted API key in build, responses, database, log)",
];

function printTable() {
  const headers = ["area", "attack or fault", "tries", "outcome", "lost"];
  const cells = rows.map((r) => [
    r.area,
    `${r.ok ? "" : "FAIL "}${r.attack}`,
    String(r.tries),
    r.outcome,
    String(r.lost),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
  const lost = rows.reduce((sum, r) => sum + r.lost, 0);
  const failed = rows.filter((r) => !r.ok).length;
  console.log(
    `\n${rows.length} checks executed in this run, ${rows.reduce((s, r) => s + r.tries, 0)} tries, ${failed} failed, lost ${lost}.`,
  );
  console.log(`Browser checks not counted here (Playwright specs): ${SPECS.join("; ")}.`);
  return failed === 0 && lost === 0;
}

async function main() {
  try {
    await sandboxRows();
    await dataRows();
    await databaseRows();
    await llmRows();
    await crashRows();
    await runRows();
    await openStudioRows();
    await lockedStudioRows();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.exit(printTable() ? 0 : 1);
}

void main();
