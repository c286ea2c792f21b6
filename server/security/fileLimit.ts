import { TRPCError } from "@trpc/server";
import { byteSize } from "./apiRoute";

/**
 * Refuses a file sent as a tRPC string (seed and benchmark imports) when its UTF-8 size is over
 * `limit`: HTTP 413 naming the limit, before anything parses or writes it.
 */
export function refuseOversizedFile(
  fileName: string,
  content: string,
  limit: number,
  what: string,
): void {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes <= limit) return;
  throw new TRPCError({
    code: "PAYLOAD_TOO_LARGE",
    message: `${fileName} is ${bytes.toLocaleString("en-US")} bytes; the limit for ${what} is ${byteSize(limit)}. Nothing was imported.`,
  });
}
