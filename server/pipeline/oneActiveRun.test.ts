import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { createCaller } from "../api/root";

type Child = {
  process: ChildProcessWithoutNullStreams;
  lines: string[];
  waiting: Array<(line: string) => void>;
};

function startChild(dbFile: string): Promise<Child> {
  const proc = spawn(process.execPath, [
    "--conditions=react-server",
    "--import",
    "tsx",
    path.join(process.cwd(), "server/testing/createRunChild.ts"),
    dbFile,
  ]);
  const child: Child = { process: proc, lines: [], waiting: [] };
  let buffer = "";
  let errors = "";
  proc.stderr.on("data", (c: Buffer) => (errors += c.toString()));
  proc.stdout.on("data", (c: Buffer) => {
    buffer += c.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const waiter = child.waiting.shift();
      if (waiter) waiter(line);
      else child.lines.push(line);
    }
  });
  return new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`create-run child exited (${code}):\n${errors}`)));
    void nextLine(child).then((line) =>
      line === "ready" ? resolve(child) : reject(new Error(line)),
    );
  });
}

function nextLine(child: Child): Promise<string> {
  const line = child.lines.shift();
  return line !== undefined
    ? Promise.resolve(line)
    : new Promise((resolve) => child.waiting.push(resolve));
}

describe("one active run per project, whoever creates it", () => {
  it(
    "2-4 processes creating a run of one project at the same moment: exactly one gets it, 20 times",
    { timeout: 240_000 },
    async () => {
      const t = createTestDb();
      const api = createCaller({ db: t.db });
      const children = await Promise.all(Array.from({ length: 4 }, () => startChild(t.file)));
      const doubled: string[] = [];
      const refusals: Array<{ got: string; want: string }> = [];
      try {
        for (let attempt = 0; attempt < 20; attempt++) {
          const racers = children.slice(0, 2 + (attempt % 3));
          const projectId = (await api.project.create({ name: `Race ${attempt}` })).id;
          const at = Date.now() + 300;
          for (const c of racers) c.process.stdin.write(`go ${projectId} ${at}\n`);
          const answers = await Promise.all(racers.map(nextLine));
          const ok = answers.filter((a) => a.startsWith("ok "));
          const active = t.db.all<{ n: number }>(
            sql`select count(*) n from runs where project_id = ${projectId} and state in ('queued', 'running', 'stopping')`,
          )[0]!.n;
          if (ok.length !== 1 || active !== 1)
            doubled.push(
              `attempt ${attempt} (${racers.length} processes): ${answers.join(" | ")}; ${active} live`,
            );
          const runId = Number(ok[0]?.slice(3));
          for (const got of answers.filter((a) => !a.startsWith("ok "))) {
            refusals.push({
              got,
              want: `refused Project "Race ${attempt}" already has an active run #${runId} (queued); stop it or wait for it to finish.`,
            });
          }
        }
        expect(doubled).toEqual([]);
        for (const r of refusals) expect(r.got).toBe(r.want);
      } finally {
        for (const c of children) c.process.kill();
        t.cleanup();
      }
    },
  );

  it("the database itself refuses a second active run, whatever code writes it", async () => {
    const t = createTestDb();
    const api = createCaller({ db: t.db });
    const projectId = (await api.project.create({ name: "Raw insert" })).id;
    const insert = (state: string) =>
      t.db.$client
        .prepare(
          "insert into runs (project_id, config, config_hash, state, created_at, updated_at) values (?, '{}', 'x', ?, 0, 0)",
        )
        .run(projectId, state);
    insert("queued");
    insert("finished");
    insert("paused");
    for (const state of ["queued", "running", "stopping"])
      expect(() => insert(state), state).toThrow(/UNIQUE constraint failed/);
    t.cleanup();
  });
});
