import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { isAutoifFileKind } from "@/lib/formats/readAutoifFile";
import { getDb } from "@/server/db";
import { errorResponse } from "@/server/api/publicError";
import { env } from "@/server/env.mjs";
import { apiRoute, byteSize, methodNotAllowed } from "@/server/security/apiRoute";
import { BodyTooLargeError, byteLimit } from "@/server/security/bodyLimit";
import { getVerifierPool } from "@/server/sandbox/sharedPool";
import { importReferenceFileCompiled } from "@/server/services/referenceImport";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST a file of the AutoIF reference scripts as the raw body; ?fileName=&kind= describe it (no
 * kind: told from the first line). The import is one transaction, so the body is read whole, up
 * to AUTOIF_MAX_REFERENCE_FILE_BYTES: a declared length over it is refused before reading, a body
 * that grows past it while read is refused too; either way 413 naming the limit, nothing written.
 */
export const POST = apiRoute(
  "stream",
  async (request: Request, context: { params: Promise<{ projectId: string }> }) => {
    const { projectId } = await context.params;
    const url = new URL(request.url);
    const fileName = url.searchParams.get("fileName") ?? "upload.jsonl";
    const kind = url.searchParams.get("kind") || undefined;
    if (kind !== undefined && !isAutoifFileKind(kind))
      return Response.json(
        { message: `kind "${kind}" is not a kind of the reference scripts' files` },
        { status: 400 },
      );
    const limit = env().AUTOIF_MAX_REFERENCE_FILE_BYTES;
    const tooLarge = () =>
      Response.json(
        {
          message: `${fileName} is larger than ${byteSize(limit)}, the limit for a file of the reference scripts; nothing was imported.`,
        },
        { status: 413 },
      );
    if (Number(request.headers.get("content-length") ?? 0) > limit) return tooLarge();
    const chunks: Buffer[] = [];
    try {
      const body = request.body
        ? Readable.fromWeb(request.body as unknown as NodeReadableStream)
        : Readable.from([]);
      for await (const chunk of body.pipe(byteLimit(limit))) chunks.push(chunk as Buffer);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return tooLarge();
      throw error;
    }
    try {
      return Response.json(
        await importReferenceFileCompiled(
          getDb(),
          Buffer.concat(chunks),
          { projectId: Number(projectId), fileName, kind },
          getVerifierPool(),
        ),
      );
    } catch (error) {
      return errorResponse(error);
    }
  },
);

// Every other method meets the same access checks first (see methodNotAllowed).
export const GET = methodNotAllowed(["POST"]);
export const HEAD = methodNotAllowed(["POST"]);
export const PUT = methodNotAllowed(["POST"]);
export const PATCH = methodNotAllowed(["POST"]);
export const DELETE = methodNotAllowed(["POST"]);
export const OPTIONS = methodNotAllowed(["POST"]);
