import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { exports, responses, reviews } from "@/db/schema";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { createTestDb } from "@/db/testing/testDb";
import { buildExportFixture } from "../export/testing/exportFixture";
import { integrityCheck, runChild } from "../testing/crashHarness";

// Every kill here is a kill point (server/killPoints.ts): the child SIGKILLs itself at the named
// place, every time, so each test checks what a crash there leaves, not whether a timer hit it.

let t: ReturnType<typeof createTestDb>;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.cleanup());

const dbEnv = () => ({ AUTOIF_DB_PATH: t.file, AUTOIF_SKIP_EXAMPLE: "1" });
const rows = (table: typeof reviews | typeof exports) =>
  t.db.select({ n: count() }).from(table).get()!.n;
const statuses = () =>
  t.db.select({ id: responses.id, s: responses.reviewStatus }).from(responses).all();

describe("SIGKILL during a bulk review", () => {
  it(
    "inside the transaction (after 2 of 3 batches of verdicts): no verdict and no status changed; the same review then goes through",
    { timeout: 60_000 },
    async () => {
      const { projectId } = seedReviewData(t.db, { projectName: "Bulk", responses: 1_200 });
      const before = statuses();
      const killed = await runChild(
        "server/testing/bulkReviewChild.ts",
        [t.file, String(projectId), "1200"],
        { killAt: "bulk-review:2" },
      );
      expect(killed.signal, killed.output).toBe("SIGKILL");
      expect(rows(reviews)).toBe(0);
      expect(statuses()).toEqual(before);
      expect(integrityCheck(t.db)).toBe("ok");

      const again = await runChild("server/testing/bulkReviewChild.ts", [
        t.file,
        String(projectId),
        "1200",
      ]);
      expect(again.output).toContain("reviewed 1200");
      expect(rows(reviews)).toBe(1_200);
      expect(statuses().every((r) => r.s === "approved")).toBe(true);
    },
  );
});

describe("SIGKILL during an export to files (npm run autoif -- export)", () => {
  let dir: string;
  let projectId: number;
  const out = () => path.join(dir, "sft.jsonl");
  const manifest = () => path.join(dir, "sft.manifest.json");
  const registry = () => path.join(dir, "dataset_info.json");
  const exportOnce = (killAt?: string) =>
    runChild(
      "server/cli/main.ts",
      ["export", "--project", String(projectId), "--format", "alpaca", "--out", out(), "--quiet"],
      { killAt, env: dbEnv() },
    );
  const files = () =>
    Object.fromEntries(
      fs
        .readdirSync(dir)
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );

  beforeEach(async () => {
    dir = path.join(path.dirname(t.file), "exports");
    fs.mkdirSync(dir);
    projectId = buildExportFixture(t.db).project.id;
    // The user's LLaMA-Factory registry, with a dataset of their own, and a first export.
    fs.writeFileSync(
      registry(),
      `${JSON.stringify({ my_own_data: { file_name: "mine.json" } }, null, 2)}\n`,
    );
    const first = await exportOnce();
    expect(first.code, first.output).toBe(0);
    // What the next export would change, so a kill that keeps it is visible.
    fs.writeFileSync(out(), "the previous export\n");
  });

  for (const [where, killAt] of [
    ["mid-stream, after the first chunk", "export:1"],
    ["with the data file written but not yet renamed", "write:sft.jsonl"],
  ] as const) {
    it(
      `${where}: every file keeps its old content, no export is recorded, and the next export cleans up`,
      { timeout: 60_000 },
      async () => {
        const before = files();
        const exportsBefore = rows(exports);
        const killed = await exportOnce(killAt);
        expect(killed.signal, killed.output).toBe("SIGKILL");
        // The real names are untouched; the only new file can be the dead process's partial one
        // (mid-stream, the kill may come before the write stream has opened it).
        const after = files();
        const added = Object.keys(after).filter((f) => !(f in before));
        expect(added.length).toBeLessThanOrEqual(1);
        for (const f of added) expect(f).toMatch(/^sft\.jsonl\.partial-\d+$/);
        if (killAt.startsWith("write:")) expect(added).toHaveLength(1);
        for (const [name, content] of Object.entries(before))
          expect(after[name], name).toBe(content);
        // The export history says what happened: nothing was exported.
        expect(rows(exports)).toBe(exportsBefore);
        expect(integrityCheck(t.db)).toBe("ok");

        const again = await exportOnce();
        expect(again.code, again.output).toBe(0);
        expect(Object.keys(files())).toEqual([
          "dataset_info.json",
          "sft.jsonl",
          "sft.manifest.json",
        ]);
        expect(rows(exports)).toBe(exportsBefore + 1);
      },
    );
  }

  it(
    "while dataset_info.json is replaced: the user's registry keeps its old content byte for byte",
    { timeout: 60_000 },
    async () => {
      const registryBefore = fs.readFileSync(registry(), "utf8");
      expect(JSON.parse(registryBefore)).toHaveProperty("my_own_data");
      const killed = await exportOnce("write:dataset_info.json");
      expect(killed.signal, killed.output).toBe("SIGKILL");
      expect(fs.readFileSync(registry(), "utf8")).toBe(registryBefore);
      // The data file and manifest were complete and are in place; the export is recorded.
      expect(fs.readFileSync(out(), "utf8")).not.toBe("the previous export\n");
      expect(JSON.parse(fs.readFileSync(manifest(), "utf8"))).toHaveProperty("file.sha256");
    },
  );

  it(
    "while the manifest is replaced: the old manifest stays whole",
    { timeout: 60_000 },
    async () => {
      const manifestBefore = fs.readFileSync(manifest(), "utf8");
      const killed = await exportOnce("write:sft.manifest.json");
      expect(killed.signal, killed.output).toBe("SIGKILL");
      expect(fs.readFileSync(manifest(), "utf8")).toBe(manifestBefore);
      expect(() => JSON.parse(manifestBefore)).not.toThrow();
    },
  );
});

describe("SIGKILL during a backup (npm run autoif -- backup --force)", () => {
  it(
    "over an earlier copy: the earlier copy stays whole and opens",
    { timeout: 60_000 },
    async () => {
      buildExportFixture(t.db);
      const copy = path.join(path.dirname(t.file), "copy.db");
      const first = await runChild("server/cli/main.ts", ["backup", copy], { env: dbEnv() });
      expect(first.code, first.output).toBe(0);
      const earlier = fs.readFileSync(copy);
      buildExportFixture(t.db, "Another project");
      const killed = await runChild("server/cli/main.ts", ["backup", copy, "--force"], {
        killAt: "write:copy.db",
        env: dbEnv(),
      });
      expect(killed.signal, killed.output).toBe("SIGKILL");
      expect(fs.readFileSync(copy).equals(earlier)).toBe(true);
    },
  );
});
