import { Readable, type Transform } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { queryFormats, type QueryFormat } from "@/lib/queries/queryRecord";
import { getDb } from "@/server/db";
import { errorResponse } from "@/server/api/publicError";
import { env } from "@/server/env.mjs";
import { apiRoute, byteSize, methodNotAllowed } from "@/server/security/apiRoute";
import {
  BodyTooLargeError,
  byteLimit,
  NotUtf8Error,
  strictUtf8,
} from "@/server/security/bodyLimit";
import { importQueries } from "@/server/services/queryImport";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST a query-pool file as the raw body; ?fileName=&format=&column=&min=&max= describe it. The
 * body is streamed to the importer, never held whole, up to AUTOIF_MAX_QUERY_FILE_BYTES (500 MB):
 * a declared length over it is refused before reading, and a body that grows past it while
 * streaming stops the import before anything is written. Either way: 413 naming the limit. Bytes
 * that are not UTF-8 stop it too (400 naming the line), where a lenient decoder stored U+FFFD.
 */
export const POST = apiRoute(
  "stream",
  async (request: Request, context: { params: Promise<{ projectId: string }> }) => {
    const { projectId } = await context.params;
    const url = new URL(request.url);
    const format = url.searchParams.get("format") as QueryFormat | null;
    const fileName = url.searchParams.get("fileName") ?? "upload";
    if (!format || !queryFormats.includes(format)) {
      return Response.json(
        { message: `format must be one of ${queryFormats.join(", ")}` },
        { status: 400 },
      );
    }
    const limit = env().AUTOIF_MAX_QUERY_FILE_BYTES;
    const tooLarge = () =>
      Response.json(
        {
          message: `${fileName} is larger than ${byteSize(limit)}, the limit for a query pool file; nothing was imported.`,
        },
        { status: 413 },
      );
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > limit) return tooLarge();
    const num = (name: string) =>
      url.searchParams.get(name) ? Number(url.searchParams.get(name)) : undefined;
    const body = request.body
      ? Readable.fromWeb(request.body as unknown as NodeReadableStream)
      : Readable.from([]);
    // Bytes past the limit, or bytes that are not UTF-8, stop the import before its transaction.
    // The request stream is unpiped, never cancelled: cancelling it while Next's adapter is pulling
    // from the socket throws in Next ("ReadableStream is already closed") and resets the
    // connection before the answer; Node discards the unread rest once the answer is sent.
    const limited = byteLimit(limit);
    const checked = strictUtf8();
    const failures: unknown[] = [];
    const stop = (error: unknown) => {
      failures.push(error);
      body.unpipe(limited);
      checked.destroy(error as Error);
    };
    body.on("error", stop);
    limited.on("error", stop);
    body.pipe(limited).pipe(checked);
    try {
      const result = await importQueries(getDb(), checked, {
        projectId: Number(projectId),
        fileName,
        format,
        column: url.searchParams.get("column") || undefined,
        minLength: num("min"),
        maxLength: num("max"),
      });
      return Response.json(result);
    } catch (error) {
      const failed = failures[0] ?? error;
      if (failed instanceof BodyTooLargeError) return tooLarge();
      // A bad line or byte: read the rest (up to the limit) and drop it before answering, or the
      // socket closes with unread bytes and the client gets a reset instead of the answer.
      await discardRest(limited, checked);
      if (failed instanceof NotUtf8Error) {
        return Response.json(
          {
            message: `${fileName}, ${failed.message}; save it as UTF-8 and import it again. Nothing was imported.`,
            problems: [{ line: failed.line, message: "not valid UTF-8" }],
          },
          { status: 400 },
        );
      }
      return errorResponse(error);
    }
  },
);

/** Reads what is left of the body through the limit and drops it; ends at its end or the limit. */
function discardRest(limited: Transform, checked: Transform) {
  return new Promise<void>((resolve) => {
    if (limited.readableEnded || limited.destroyed) return resolve();
    limited.unpipe(checked);
    limited.once("end", resolve);
    limited.once("error", resolve);
    limited.once("close", resolve);
    limited.on("data", () => undefined);
    limited.resume();
  });
}

// Every other method meets the same access checks first (see methodNotAllowed).
export const GET = methodNotAllowed(["POST"]);
export const HEAD = methodNotAllowed(["POST"]);
export const PUT = methodNotAllowed(["POST"]);
export const PATCH = methodNotAllowed(["POST"]);
export const DELETE = methodNotAllowed(["POST"]);
export const OPTIONS = methodNotAllowed(["POST"]);
