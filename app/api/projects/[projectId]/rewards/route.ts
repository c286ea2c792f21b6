import { getDb } from "@/server/db";
import { answerRewardRequest } from "@/server/rewards/rewardHttp";
import { getVerifierPool } from "@/server/sandbox/sharedPool";
import { apiRoute, methodNotAllowed } from "@/server/security/apiRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ projectId: string }> };

/**
 * The reward server in the studio: OpenRLHF's remote reward protocol over the project's audited
 * verifiers (server/rewards/rewardHttp.ts). Scripts may POST without an Origin (OpenRLHF's client
 * sends none), so the access checks run with scriptPosts; the token, when set, is still required.
 */
export const POST = apiRoute(
  "json",
  async (req: Request, ctx: Context) => {
    const { projectId } = await ctx.params;
    if (!/^[1-9][0-9]{0,15}$/.test(projectId))
      return Response.json(
        { error: { message: "Not a project id.", httpStatus: 404 } },
        { status: 404 },
      );
    return answerRewardRequest(req, {
      db: getDb(),
      pool: getVerifierPool(),
      projectId: Number(projectId),
      origin: "studio",
    });
  },
  { scriptPosts: true },
);

// Every other method meets the same access checks first (see methodNotAllowed).
export const GET = methodNotAllowed(["POST"]);
export const HEAD = methodNotAllowed(["POST"]);
export const PUT = methodNotAllowed(["POST"]);
export const PATCH = methodNotAllowed(["POST"]);
export const DELETE = methodNotAllowed(["POST"]);
export const OPTIONS = methodNotAllowed(["POST"]);
