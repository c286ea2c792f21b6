import "server-only";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { exportRequestSchema } from "@/lib/formats/exportRequest";
import { errorResponse } from "../api/publicError";
import { startExport } from "./exportJob";

/**
 * A download of an export: `format`, `filters` (JSON), `contamination` (JSON), `systemPrompt` and
 * `allowEmpty=1` from the query string. The body is a ReadableStream pulled one database batch at a time, so a slow client
 * holds back the reads instead of the server buffering the file; the export is recorded when the
 * last byte is handed over, and not at all if the client goes away first.
 */
export async function exportResponse(
  db: Db,
  projectId: number,
  params: URLSearchParams,
): Promise<Response> {
  let job: ReturnType<typeof startExport>;
  try {
    const json = (name: string) => {
      const raw = params.get(name);
      if (raw === null) return undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new ZodError([
          { code: "custom", path: [name], message: "not valid JSON", input: raw },
        ]);
      }
    };
    const request = exportRequestSchema.parse({
      projectId,
      format: params.get("format") ?? undefined,
      filters: json("filters"),
      contamination: json("contamination"),
      systemPrompt: params.get("systemPrompt") ?? undefined,
    });
    job = startExport(db, request);
  } catch (error) {
    return errorResponse(error);
  }
  const chunks = job.chunks();
  // The first batch with a line is read before answering, so an export with no line is refused
  // (unless allowEmpty=1) with the filter that removed everything, instead of an empty download.
  let first: IteratorResult<Buffer> | null = await chunks.next();
  if (first.done && params.get("allowEmpty") !== "1") return errorResponse(job.emptyError()!);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = first ?? (await chunks.next());
      first = null;
      if (next.done) {
        job.complete(null);
        controller.close();
      } else
        controller.enqueue(
          new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength),
        );
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/jsonl; charset=utf-8",
      "Content-Disposition": `attachment; filename="${job.fileName}"`,
      "Cache-Control": "no-store",
      "X-Export-Items": String(job.total),
    },
  });
}
