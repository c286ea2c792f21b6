import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rewardRequests } from "@/db/schema";
import {
  DEFAULT_REWARD_OPTIONS,
  parseRewardRequest,
  rewardOptionsFrom,
  type RewardOptions,
} from "@/lib/rl/rewardProtocol";
import { NotFoundError } from "../errors";
import { killPoint } from "../killPoints";
import type { VerifierPool } from "../sandbox/pool";
import { getProject } from "../services/projects";
import { scoreRewards, type RewardStats } from "./rewardService";

export interface RewardContext {
  db: Db;
  pool: VerifierPool;
  projectId: number;
  origin: "studio" | "serve";
  /** The options a request's URL does not set (`rewards serve` flags). */
  defaults?: RewardOptions;
  maxItems?: number;
}

const EMPTY: RewardStats = {
  items: 0,
  labels: 0,
  unscored: 0,
  unknownLabels: 0,
  heldOut: 0,
  evaluations: 0,
  verifierErrors: 0,
  meanReward: null,
};

function log(
  ctx: RewardContext,
  status: number,
  started: number,
  stats: RewardStats,
  message: string | null,
) {
  ctx.db
    .insert(rewardRequests)
    .values({
      projectId: ctx.projectId,
      origin: ctx.origin,
      status,
      ...stats,
      durationMs: performance.now() - started,
      message,
    })
    .run();
}

let served = 0;

/**
 * Answers one reward request (the studio's route and `rewards serve` both call this, after their
 * access checks and with the body's size and UTF-8 already checked): 200 with
 * `{rewards, scores, extra_logs, problems}`, or 400/413 naming what is wrong and scoring nothing.
 * Every answer is logged with its counts.
 */
export async function answerRewardRequest(
  request: Pick<Request, "url" | "text">,
  ctx: RewardContext,
): Promise<Response> {
  const started = performance.now();
  const refuse = (status: 400 | 404 | 413 | 503, message: string) => {
    if (status !== 404) log(ctx, status, started, EMPTY, message);
    return Response.json(
      { error: { message, httpStatus: status } },
      { status, headers: { "Cache-Control": "no-store" } },
    );
  };
  try {
    getProject(ctx.db, ctx.projectId);
  } catch (error) {
    if (error instanceof NotFoundError) return refuse(404, error.message);
    throw error;
  }
  const options = rewardOptionsFrom(
    new URL(request.url).searchParams,
    ctx.defaults ?? DEFAULT_REWARD_OPTIONS,
  );
  if (!options.ok) return refuse(400, options.message);
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return refuse(
      400,
      `The body is not JSON (${error instanceof Error ? error.message : String(error)}). Nothing was scored.`,
    );
  }
  const parsed = parseRewardRequest(body, ctx.maxItems);
  if (!parsed.ok) return refuse(parsed.status, parsed.message);
  let result: Awaited<ReturnType<typeof scoreRewards>>;
  try {
    result = await scoreRewards(ctx.db, ctx.pool, ctx.projectId, parsed.request, options.options);
  } catch (error) {
    // Only the pool itself failing gets here (closed while shutting down): nothing was scored.
    return refuse(
      503,
      `The verifier pool could not run this request (${error instanceof Error ? error.message : String(error)}); send it again.`,
    );
  }
  killPoint("rewards", ++served);
  log(ctx, 200, started, result.stats, null);
  return Response.json(result.answer, { headers: { "Cache-Control": "no-store" } });
}

/** The reward server's recent requests and totals for the Export page's panel (counts only). */
export function rewardRequestSummary(db: Db, projectId: number, limit = 20) {
  const recent = db
    .select()
    .from(rewardRequests)
    .where(eq(rewardRequests.projectId, projectId))
    .orderBy(desc(rewardRequests.id))
    .limit(limit)
    .all();
  const totals = db
    .select({
      requests: sql<number>`count(*)`,
      refused: sql<number>`coalesce(sum(case when ${rewardRequests.status} <> 200 then 1 else 0 end), 0)`,
      items: sql<number>`coalesce(sum(${rewardRequests.items}), 0)`,
      unscored: sql<number>`coalesce(sum(${rewardRequests.unscored}), 0)`,
      verifierErrors: sql<number>`coalesce(sum(${rewardRequests.verifierErrors}), 0)`,
      evaluations: sql<number>`coalesce(sum(${rewardRequests.evaluations}), 0)`,
      rewardSum: sql<number>`coalesce(sum(${rewardRequests.meanReward} * ${rewardRequests.items}), 0)`,
    })
    .from(rewardRequests)
    .where(eq(rewardRequests.projectId, projectId))
    .get()!;
  return {
    totals: { ...totals, meanReward: totals.items > 0 ? totals.rewardSum / totals.items : null },
    recent: recent.map((r) => ({
      id: r.id,
      at: r.createdAt,
      origin: r.origin,
      status: r.status,
      items: r.items,
      labels: r.labels,
      unscored: r.unscored,
      unknownLabels: r.unknownLabels,
      heldOut: r.heldOut,
      verifierErrors: r.verifierErrors,
      meanReward: r.meanReward,
      durationMs: r.durationMs,
      message: r.message,
    })),
  };
}
