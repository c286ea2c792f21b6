import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedReviewData } from "@/db/testing/reviewSeed";
import { createTestDb } from "@/db/testing/testDb";
import { exportFiltersSchema } from "@/lib/formats/exportRequest";
import { exportToFile } from "../export/exportToFile";
import { reviewFacts } from "../export/manifestFacts";
import { countByFilter, countItems, scanExportRows } from "../export/rowQuery";
import { projectFunnel } from "../pipeline/funnel";
import { projectHistograms } from "./dashboard";
import { countPairs, listPairs } from "./pairList";
import { projectDeletionSummary } from "./projects";
import { countResponses, listResponses, responseFacets, responseIds } from "./responseList";
import { recordVerdicts } from "./reviews";
import { reviewProgress } from "./reviewStats";

let t: ReturnType<typeof createTestDb>;
let dir: string;
beforeEach(() => {
  t = createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autoif-isolation-"));
});
afterEach(() => {
  t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A project with reviewed responses and pairs; the same seed gives the same texts in every project, so searches match in both. */
function seededProject(db: Db, name: string, responses: number) {
  const seed = seedReviewData(db, {
    projectName: name,
    responses,
    responsesPerSample: 8,
    samplesPerInstruction: 2,
    seed: 11,
  });
  const ids = responseIds(db, seed.projectId, {});
  recordVerdicts(db, {
    projectId: seed.projectId,
    itemKind: "response",
    itemIds: ids.slice(0, 3),
    verdict: "approve",
    reviewer: "ada",
  });
  recordVerdicts(db, {
    projectId: seed.projectId,
    itemKind: "response",
    itemIds: ids.slice(3, 5),
    verdict: "reject",
    reviewer: "ada",
  });
  const pairs = listPairs(db, seed.projectId, {}, 0, 2).map((p) => p.id);
  recordVerdicts(db, {
    projectId: seed.projectId,
    itemKind: "pair",
    itemIds: pairs,
    verdict: "approve",
    reviewer: "bo",
  });
  return seed.projectId;
}

/** Everything the studio lists, counts or exports of one project, with the export's bytes. */
async function everythingOf(db: Db, projectId: number, tag: string) {
  const filters = exportFiltersSchema.parse({ pipeline: "any" });
  const word = listResponses(db, projectId, { sort: "id" }, 0, 1)[0]!.text.split(" ")[0]!;
  const scanned = (kind: "sft" | "dpo") =>
    [...scanExportRows(db, projectId, kind, filters, 7)].flatMap((b) =>
      b.rows.map((r) => r.itemId),
    );
  const exported = async (format: string) => {
    const out = await exportToFile(
      db,
      { projectId, format, filters, contamination: { benchmarkIds: [], action: "exclude" } },
      path.join(dir, `${tag}-${format}.jsonl`),
    );
    return {
      bytes: fs.readFileSync(out.filePath, "utf8"),
      rows: out.manifest.file.rows,
      counts: out.manifest.counts,
      review: out.manifest.review,
      verifiers: out.manifest.verifiers,
    };
  };
  return {
    responses: listResponses(db, projectId, { sort: "id" }, 0, 1_000),
    responseCount: countResponses(db, projectId, {}),
    searchCount: countResponses(db, projectId, { search: word }),
    searchList: listResponses(db, projectId, { search: word, sort: "score-desc" }, 0, 1_000).map(
      (r) => r.id,
    ),
    ids: responseIds(db, projectId, { review: "approved" }),
    facets: responseFacets(db, projectId),
    pairs: listPairs(db, projectId, {}, 0, 1_000),
    pairCount: countPairs(db, projectId, {}),
    pairSearch: countPairs(db, projectId, { search: word }),
    progress: reviewProgress(db, projectId),
    summary: projectDeletionSummary(db, projectId),
    funnel: projectFunnel(db, projectId),
    histograms: projectHistograms(db, projectId),
    exportCounts: [
      countByFilter(db, projectId, "sft", filters),
      countByFilter(db, projectId, "dpo", filters),
    ],
    items: [countItems(db, projectId, "sft"), countItems(db, projectId, "dpo")],
    scan: [scanned("sft"), scanned("dpo")],
    reviewFacts: [reviewFacts(db, projectId, "sft"), reviewFacts(db, projectId, "dpo")],
    sft: await exported("sharegpt"),
    dpo: await exported("sharegpt-preference"),
  };
}

describe("project scope: a second project's rows never reach the first's lists, counts or exports", () => {
  it("every list, count, facet, funnel, chart and export of a project is the same before and after another project with the same texts is added", async () => {
    const first = seededProject(t.db, "first", 32);
    const alone = await everythingOf(t.db, first, "alone");
    // The check means something only if each part holds rows.
    expect(alone.responses).toHaveLength(32);
    expect(alone.responseCount).toBe(32);
    expect(alone.searchCount).toBeGreaterThan(0);
    expect(alone.ids).toHaveLength(3);
    expect(alone.pairCount).toBeGreaterThan(0);
    expect(alone.pairSearch).toBeGreaterThan(0);
    expect(alone.progress.responses).toEqual({ reviewed: 5, total: 32 });
    expect(alone.summary).toMatchObject({ responses: 32, preferencePairs: alone.pairCount });
    expect(alone.items).toEqual([32, alone.pairCount]);
    expect(alone.scan[0]!.length).toBeGreaterThan(0);
    expect(alone.sft.rows).toBeGreaterThan(0);
    expect(alone.dpo.rows).toBeGreaterThan(0);
    expect(alone.reviewFacts[0]!.reviewed).toBe(5);

    const second = seededProject(t.db, "second", 80);
    const after = await everythingOf(t.db, first, "after");
    expect(after).toEqual(alone);
    // And the other way round: the second project sees its own rows only.
    const other = await everythingOf(t.db, second, "second");
    expect(other.responseCount).toBe(80);
    expect(other.items[0]).toBe(80);
    expect(
      other.responses.map((r) => r.id).filter((id) => alone.responses.some((a) => a.id === id)),
    ).toEqual([]);
  });
});
