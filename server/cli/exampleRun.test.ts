import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { runs, stageProgress } from "@/db/schema";
import { createTestDb } from "@/db/testing/testDb";
import { ensureExampleProject } from "../services/exampleProject";
import { runCli } from "../pipeline/testing/pipelineTestBed";
import { startExampleRun } from "./exampleRun";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the example run", () => {
  it(
    "killed in verify-gen (as when npm start is stopped) resumes through the CLI with a fresh scripted endpoint",
    { timeout: 240_000 },
    async () => {
      const t = createTestDb();
      const watcher = openDatabase(t.file);
      try {
        expect(ensureExampleProject(t.db)).toBe(true);
        const lines: string[] = [];
        const child = startExampleRun(t.db, process.cwd(), (m) => lines.push(m), t.file)!;
        expect(child).toBeDefined();
        const exited = new Promise((resolve) => child.once("exit", resolve));
        // The named kill point: verify-gen has finished a unit.
        const inVerifyGen = () =>
          watcher
            .select({ done: stageProgress.done })
            .from(stageProgress)
            .where(and(eq(stageProgress.stage, "verify-gen"), sql`${stageProgress.done} > 0`))
            .get();
        while (!inVerifyGen() && child.exitCode === null) await sleep(5);
        expect(child.exitCode, lines.join("\n")).toBeNull();
        child.kill("SIGKILL");
        await exited;
        const killed = watcher.select().from(runs).all();
        expect(killed.map((r) => [r.state, r.scriptedEndpoint])).toEqual([["running", true]]);

        const resumed = await runCli(
          t.file,
          ["run", "--project", "Example: format constraints"],
          {},
        );
        const resumedOutput = resumed.stdout + resumed.stderr;
        expect(resumedOutput).not.toContain("not usable");
        expect(resumed.code, resumedOutput).toBe(0);
        expect(resumedOutput).toContain(`Resuming run #${killed[0]!.id}`);
        expect(resumedOutput).toContain("built-in scripted endpoint");
        const after = watcher
          .select({ id: runs.id, state: runs.state, warning: runs.warning })
          .from(runs)
          .all();
        expect(after).toEqual([{ id: killed[0]!.id, state: "finished", warning: null }]);
        // Once finished, a later start does not run the example again.
        expect(startExampleRun(t.db, process.cwd(), () => {}, t.file)).toBeUndefined();
      } finally {
        watcher.$client.close();
        t.cleanup();
      }
    },
  );

  it("interrupted, is resumed by the next start", { timeout: 240_000 }, async () => {
    const t = createTestDb();
    const watcher = openDatabase(t.file);
    try {
      ensureExampleProject(t.db);
      const first = startExampleRun(t.db, process.cwd(), () => {}, t.file)!;
      const exited = new Promise((resolve) => first.once("exit", resolve));
      const started = () =>
        watcher
          .select({ id: stageProgress.id })
          .from(stageProgress)
          .where(sql`${stageProgress.done} > 0`)
          .get();
      while (!started() && first.exitCode === null) await sleep(5);
      first.kill("SIGKILL");
      await exited;
      const lines: string[] = [];
      const second = startExampleRun(t.db, process.cwd(), (m) => lines.push(m), t.file)!;
      expect(second).toBeDefined();
      const code = await new Promise((resolve) => second.once("exit", resolve));
      expect(code, lines.join("\n")).toBe(0);
      expect(lines[0]).toMatch(/^Example run: resuming run #\d+/);
      expect(lines.some((l) => /^Example run: [a-z-]+: \d+\/\d+ units/.test(l))).toBe(true);
      expect(lines.at(-1)).toContain("Example run finished");
      expect(watcher.select({ state: runs.state }).from(runs).all()).toEqual([
        { state: "finished" },
      ]);
    } finally {
      watcher.$client.close();
      t.cleanup();
    }
  });
});
