import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { queryFormats, type QueryFormat } from "@/lib/queries/queryRecord";
import { getDb } from "@/server/db";
import { errorResponse } from "@/server/api/publicError";
import { importQueries } from "@/server/services/queryImport";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Query-pool files can be large: the body is streamed to the importer, capped at 500 MB. */
const MAX_BYTES = 500 * 1024 * 1024;

/** POST a query-pool file as the raw body; ?fileName=&format=&column=&min=&max= describe it. */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  const url = new URL(request.url);
  const format = url.searchParams.get("format") as QueryFormat | null;
  const fileName = url.searchParams.get("fileName") ?? "upload";
  if (!format || !queryFormats.includes(format)) {
    return Response.json({ message: `format must be one of ${queryFormats.join(", ")}` }, { status: 400 });
  }
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BYTES) return Response.json({ message: `${fileName} is larger than 500 MB.` }, { status: 413 });
  if (!request.body) return Response.json({ message: "The request has no file." }, { status: 400 });
  const num = (name: string) => (url.searchParams.get(name) ? Number(url.searchParams.get(name)) : undefined);
  try {
    const result = await importQueries(getDb(), Readable.fromWeb(request.body as unknown as NodeReadableStream), {
      projectId: Number(projectId),
      fileName,
      format,
      column: url.searchParams.get("column") || undefined,
      minLength: num("min"),
      maxLength: num("max"),
    });
    return Response.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
