import "server-only";
import { availableParallelism } from "node:os";
import { DEFAULT_REWARD_OPTIONS, type RewardOptions } from "@/lib/rl/rewardProtocol";
import { env } from "../../env.mjs";
import { InvalidInputError } from "../../errors";
import { startRewardServer } from "../../rewards/serve";
import { createVerifierPool } from "../../sandbox/pool";
import { findProject, withCliDb } from "../context";

export interface RewardsServeOptions {
  project: string;
  host: string;
  port: string;
  workers?: string;
  mode: RewardOptions["mode"];
  think: RewardOptions["think"];
  split: RewardOptions["split"];
}

/**
 * `rewards serve`: the reward server for a trainer cluster, until SIGINT or SIGTERM. Prints one line
 * with the URL when it listens (tests read it).
 */
export async function rewardsServeCommand(opts: RewardsServeOptions) {
  const port = Number(opts.port);
  if (!/^\d{1,5}$/.test(opts.port) || port > 65535)
    throw new InvalidInputError(
      `--port must be a port number (0 picks a free one), got "${opts.port}".`,
    );
  const workers = opts.workers === undefined ? availableParallelism() : Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new InvalidInputError(
      `--workers must be a whole number from 1 to 256, got "${opts.workers}".`,
    );
  const config = env();
  return withCliDb(async (db) => {
    const project = findProject(db, opts.project);
    const pool = createVerifierPool({ size: workers });
    try {
      const server = await startRewardServer({
        db,
        pool,
        projectId: project.id,
        projectName: project.name,
        host: opts.host,
        port,
        token: config.AUTOIF_TOKEN,
        allowedHosts: config.AUTOIF_ALLOWED_HOSTS,
        maxBodyBytes: config.AUTOIF_MAX_JSON_BODY_BYTES,
        defaults: {
          ...DEFAULT_REWARD_OPTIONS,
          mode: opts.mode,
          think: opts.think,
          split: opts.split,
        },
      });
      console.log(
        `autoif rewards: serving project "${project.name}" (id ${project.id}) on ${server.url} (POST /, /rewards or /get_reward; ${workers} sandbox workers; mode ${opts.mode}, think ${opts.think}, split ${opts.split}${config.AUTOIF_TOKEN ? "; token required" : ""})`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
    } finally {
      pool.close();
    }
  });
}
