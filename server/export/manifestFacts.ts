import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  compoundConstituents,
  instructions,
  preferencePairs,
  responses,
  reviews,
  runs,
  samples,
  verifiers,
} from "@/db/schema";
import { PROMPTS, promptName } from "@/lib/autoif/prompts";
import type { ExportManifest } from "@/lib/formats/manifest";
import packageJson from "@/package.json";
import { getGuidelines } from "../services/guidelines";
import type { ExportKind } from "./rowQuery";
import { instructionOfSample } from "@/db/projectScope";

export const TOOL_VERSION: string = packageJson.version;

/** The knobs that decided what an export holds, as each run's config snapshot had them. */
const THRESHOLD_PATHS = [
  "crossValidate.caseAccuracyThreshold",
  "crossValidate.caseAccuracyComparison",
  "crossValidate.functionAccuracyThreshold",
  "crossValidate.functionAccuracyComparison",
  "execute.errorCounting",
  "execute.sftPassRateThreshold",
  "execute.sftPassRateComparison",
  "execute.distinctTexts",
  "score.threshold",
  "score.comparison",
  "score.judgeSamples",
  "score.parser",
  "pairs.chosenPassRate",
  "pairs.chosenComparison",
  "pairs.rejectedPassRate",
  "pairs.maxPerSide",
  "pairs.draw",
  "pairs.distinctTexts",
  "pairs.seed",
];

/** A knob of a run's snapshot; null where the snapshot predates it (its default then applied). */
function pick(config: unknown, path: string): number | string | boolean | null {
  let v: unknown = config;
  for (const key of path.split("."))
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : null;
}

export function promptVersions(): Record<string, number> {
  return Object.fromEntries(Object.values(PROMPTS).map((p) => [promptName(p), p.version]));
}

/** Each run that contributed rows, with its config hash and thresholds. */
export function runFacts(db: Db, rowsByRun: Map<number, number>): ExportManifest["runs"] {
  const ids = [...rowsByRun.keys()].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  const rows = db
    .select({ id: runs.id, config: runs.config, configHash: runs.configHash, state: runs.state })
    .from(runs)
    .where(inArray(runs.id, ids))
    .all();
  return rows.map((r) => ({
    id: r.id,
    configHash: r.configHash,
    state: r.state,
    rows: rowsByRun.get(r.id) ?? 0,
    thresholds: Object.fromEntries(THRESHOLD_PATHS.map((p) => [p, pick(r.config, p)])),
  }));
}

/** Kept verifiers of the exported rows' instructions, by version: the code that judged them. */
export function verifierFacts(db: Db, instructionIds: Set<number>): ExportManifest["verifiers"] {
  const byVersion: Record<string, number> = {};
  let kept = 0;
  const ids = [...instructionIds];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = db
      .select({ version: verifiers.version, n: sql<number>`count(*)` })
      .from(verifiers)
      .where(
        and(
          inArray(verifiers.instructionId, ids.slice(i, i + 500)),
          eq(verifiers.pipelineStatus, "kept"),
        ),
      )
      .groupBy(verifiers.version)
      .all();
    for (const r of rows) {
      byVersion[String(r.version)] = (byVersion[String(r.version)] ?? 0) + r.n;
      kept += r.n;
    }
  }
  return { instructions: ids.length, kept, byVersion };
}

/** The project's compound instructions, by id: the constraint list an export carries for each (key, number and text). */
export function compoundConstraints(
  db: Db,
  projectId: number,
): Map<
  number,
  {
    instruction: number;
    text: string;
    constraints: Array<{ key: string; instruction: number; text: string }>;
  }
> {
  const compounds = db
    .select({ id: instructions.id, number: instructions.number, text: instructions.text })
    .from(instructions)
    .where(and(eq(instructions.projectId, projectId), eq(instructions.kind, "compound")))
    .all();
  const out = new Map(
    compounds.map((c) => [
      c.id,
      {
        instruction: c.number ?? c.id,
        text: c.text,
        constraints: [] as Array<{ key: string; instruction: number; text: string }>,
      },
    ]),
  );
  if (compounds.length === 0) return out;
  const parts = db
    .select({
      compoundId: compoundConstituents.compoundId,
      number: instructions.number,
      id: instructions.id,
      text: instructions.text,
    })
    .from(compoundConstituents)
    .innerJoin(instructions, eq(instructions.id, compoundConstituents.constituentId))
    .where(eq(instructions.projectId, projectId))
    .orderBy(compoundConstituents.compoundId, compoundConstituents.position)
    .all();
  for (const p of parts)
    out.get(p.compoundId)?.constraints.push({
      key: `instruction-${p.number ?? p.id}`,
      instruction: p.number ?? p.id,
      text: p.text,
    });
  return out;
}

/**
 * How reviewers' verdicts compare with the pipeline's decisions and with each other, over every
 * reviewed item of this kind in the project (not only the exported ones, which filters bias).
 */
export function reviewFacts(db: Db, projectId: number, kind: ExportKind): ExportManifest["review"] {
  const item = kind === "sft" ? responses : preferencePairs;
  const itemKind = kind === "sft" ? "response" : "pair";
  const decided = db
    .select({
      reviewed: sql<number>`count(*)`,
      agree: sql<number>`coalesce(sum(case when (${item.reviewStatus} = 'approved' and ${item.pipelineStatus} = 'kept') or (${item.reviewStatus} = 'rejected' and ${item.pipelineStatus} = 'dropped') then 1 else 0 end), 0)`,
    })
    .from(item)
    .innerJoin(samples, eq(samples.id, item.sampleId))
    .innerJoin(instructions, instructionOfSample(projectId))
    // Only items with a review row can carry a verdict; starting from those avoids a scan of
    // every item in a large project.
    .where(
      and(
        inArray(item.reviewStatus, ["approved", "rejected"]),
        sql`${item.id} in (select item_id from reviews where project_id = ${projectId} and item_kind = ${itemKind})`,
      ),
    )
    .get()!;
  const latest = db
    .select({ itemId: reviews.itemId, verdict: reviews.verdict })
    .from(reviews)
    .where(
      sql`${reviews.id} in (select max(id) from reviews where project_id = ${projectId} and item_kind = ${itemKind} group by item_id, reviewer)`,
    )
    .all();
  const byItem = new Map<number, string[]>();
  for (const r of latest)
    if (r.verdict !== "clear") byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r.verdict]);
  let multi = 0;
  let pairs = 0;
  let agreeing = 0;
  for (const verdicts of byItem.values()) {
    if (verdicts.length < 2) continue;
    multi++;
    for (let a = 0; a < verdicts.length; a++)
      for (let b = a + 1; b < verdicts.length; b++) {
        pairs++;
        if (verdicts[a] === verdicts[b]) agreeing++;
      }
  }
  return {
    reviewed: decided.reviewed,
    pipelineAgreement: decided.reviewed > 0 ? decided.agree / decided.reviewed : null,
    multiReviewed: multi,
    interReviewerAgreement: pairs > 0 ? agreeing / pairs : null,
  };
}

/** The guidelines reviewers labelled by, as they stood when the file was written. */
export function guidelinesFacts(db: Db, projectId: number): ExportManifest["guidelines"] {
  const g = getGuidelines(db, projectId);
  if (g.text.trim() === "") return null;
  return {
    text: g.text,
    sha256: createHash("sha256").update(g.text).digest("hex"),
    updatedAt: g.updatedAt === null ? null : new Date(g.updatedAt).toISOString(),
  };
}
