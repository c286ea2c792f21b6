import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/testDb";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { exportManifestSchema } from "@/lib/formats/manifest";
import { splitSide } from "@/lib/rl/split";
import { startExport } from "../export/exportJob";
import { buildExportFixture } from "../export/testing/exportFixture";
import {
  getSplit,
  removeSplit,
  setSplit,
  splitInstructions,
  splitSummary,
  testInstructionIds,
} from "./splits";

let t: ReturnType<typeof createTestDb>;
let fx: ReturnType<typeof buildExportFixture>;
beforeEach(() => {
  t = createTestDb();
  fx = buildExportFixture(t.db);
});
afterEach(() => t.cleanup());

async function exportSft() {
  const job = startExport(t.db, {
    projectId: fx.project.id,
    format: "alpaca",
    filters: exportFiltersSchema.parse({}),
  });
  const parts: Buffer[] = [];
  for await (const chunk of job.chunks()) parts.push(chunk);
  const text = Buffer.concat(parts).toString("utf8");
  const lines =
    text === ""
      ? []
      : text
          .slice(0, -1)
          .split("\n")
          .map((l) => JSON.parse(l) as { output: string });
  return { lines, ...job.complete(null) };
}

/** The first seed that puts the fixture's kept instruction ("answer in all lowercase letters") on `side`. */
function seedPutting(side: "train" | "test", testFraction = 0.5) {
  for (let seed = 0; ; seed++)
    if (splitSide({ seed, testFraction }, "answer in all lowercase letters") === side) return seed;
}

describe("splits", () => {
  it("a project has no split until one is set; every instruction is then train or test by its own hash", () => {
    expect(getSplit(t.db, fx.project.id)).toBeNull();
    expect(testInstructionIds(t.db, fx.project.id).size).toBe(0);
    const summary = setSplit(t.db, fx.project.id, { seed: 11, testFraction: 0.5 });
    expect(summary.split).toMatchObject({ seed: 11, testFraction: 0.5, version: 1 });
    const all = splitInstructions(t.db, fx.project.id);
    expect(all).toHaveLength(3);
    expect(summary.instructions.train + summary.instructions.test).toBe(3);
    expect(summary.queries.train + summary.queries.test).toBe(2);
    for (const i of all) expect(i.key).toMatch(/^i\d+-[0-9a-f]{12}$/);
  });

  it("SFT and DPO exports leave out the test instructions and the manifest names the split", async () => {
    const before = await exportSft();
    expect(before.manifest.split).toBeNull();
    expect(before.lines.length).toBeGreaterThan(0);

    setSplit(
      t.db,
      fx.project.id,
      { seed: seedPutting("test"), testFraction: 0.5 },
      { force: true },
    );
    const after = await exportSft();
    // Every kept SFT row of the fixture belongs to the one kept instruction, now held out.
    expect(after.lines).toEqual([]);
    expect(after.manifest.split).toMatchObject({
      testFraction: 0.5,
      heldOutInstructions: testInstructionIds(t.db, fx.project.id).size,
    });
    const splitStep = after.manifest.counts.find((c) => c.step === "split")!;
    expect(splitStep.label).toMatch(/held-out test instruction/);
    expect(splitStep.rows).toBe(0);
    expect(exportManifestSchema.parse(after.manifest)).toBeTruthy();

    setSplit(
      t.db,
      fx.project.id,
      { seed: seedPutting("train"), testFraction: 0.5 },
      { force: true },
    );
    const train = await exportSft();
    expect(train.lines.map((l) => l.output)).toEqual(before.lines.map((l) => l.output));
  });

  it("refuses to change or remove a split once an export was written under it, unless forced", async () => {
    setSplit(t.db, fx.project.id, { seed: 1, testFraction: 0.2 });
    // Before any export a split may change freely; the same settings again change nothing.
    setSplit(t.db, fx.project.id, { seed: 2, testFraction: 0.2 });
    await exportSft();
    expect(() => setSplit(t.db, fx.project.id, { seed: 2, testFraction: 0.2 })).not.toThrow();
    expect(() => setSplit(t.db, fx.project.id, { seed: 3, testFraction: 0.2 })).toThrow(
      /1 export\(s\) were written under the current split/,
    );
    expect(() => removeSplit(t.db, fx.project.id)).toThrow(/Removing the split refused/);
    expect(getSplit(t.db, fx.project.id)).toMatchObject({ seed: 2 });
    setSplit(t.db, fx.project.id, { seed: 3, testFraction: 0.3 }, { force: true });
    expect(getSplit(t.db, fx.project.id)).toMatchObject({ seed: 3, testFraction: 0.3 });
    removeSplit(t.db, fx.project.id, { force: true });
    expect(getSplit(t.db, fx.project.id)).toBeNull();
  });

  it("names a bad seed or share and stores nothing", () => {
    expect(() => setSplit(t.db, fx.project.id, { seed: -1, testFraction: 0.2 })).toThrow(/seed/);
    expect(() => setSplit(t.db, fx.project.id, { seed: 1, testFraction: 1 })).toThrow(/test share/);
    expect(getSplit(t.db, fx.project.id)).toBeNull();
    expect(splitSummary(t.db, fx.project.id).split).toBeNull();
  });
});
