import { getDb } from "@/server/db";
import { exportResponse } from "@/server/export/exportResponse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Streams an export of the project as a JSONL download (see server/export/exportResponse). */
export async function GET(req: Request, ctx: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await ctx.params;
  if (!/^[1-9][0-9]{0,15}$/.test(projectId)) return Response.json({ message: "Not a project id." }, { status: 404 });
  return exportResponse(getDb(), Number(projectId), new URL(req.url).searchParams);
}
