import { z } from "zod";
import { getDb } from "@/server/db";
import { exportResponse } from "@/server/export/exportResponse";
import { apiRoute, methodNotAllowed } from "@/server/security/apiRoute";
import { issueTicket, redeemTicket } from "@/server/security/downloadTickets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ projectId: string }> };

async function projectIdOf(ctx: Context) {
  const { projectId } = await ctx.params;
  return /^[1-9][0-9]{0,15}$/.test(projectId) ? projectId : null;
}

const startSchema = z.object({ query: z.string().max(100_000) });

/**
 * Starts a download: the page POSTs the export's query string (format, filters, contamination)
 * and gets the URL of a one-time download. An export records itself, so it is never started by
 * a bare GET (see server/security/downloadTickets.ts).
 */
export const POST = apiRoute("json", async (req: Request, ctx: Context) => {
  const projectId = await projectIdOf(ctx);
  if (!projectId) return Response.json({ message: "Not a project id." }, { status: 404 });
  const body = startSchema.safeParse(await req.json().catch(() => null));
  if (!body.success)
    return Response.json(
      { message: 'The body must be {"query": "<export parameters>"}.' },
      { status: 400 },
    );
  const ticket = issueTicket(`export:${projectId}`, body.data.query);
  return Response.json({ url: `/api/projects/${projectId}/export?ticket=${ticket}` });
});

/** Streams the export a ticket was issued for as a JSONL download (see server/export/exportResponse). */
export const GET = apiRoute("none", async (req: Request, ctx: Context) => {
  const projectId = await projectIdOf(ctx);
  if (!projectId) return Response.json({ message: "Not a project id." }, { status: 404 });
  const params = redeemTicket(`export:${projectId}`, new URL(req.url).searchParams.get("ticket"));
  if (params === null) {
    return Response.json(
      {
        message:
          "This download link is used up, expired or was not made by the studio; press Download on the Export page again.",
      },
      { status: 403 },
    );
  }
  return exportResponse(getDb(), Number(projectId), new URLSearchParams(params));
});

// Every other method meets the same access checks first (see methodNotAllowed).
export const PUT = methodNotAllowed(["GET", "HEAD", "POST"]);
export const PATCH = methodNotAllowed(["GET", "HEAD", "POST"]);
export const DELETE = methodNotAllowed(["GET", "HEAD", "POST"]);
export const OPTIONS = methodNotAllowed(["GET", "HEAD", "POST"]);
