import { readFile } from "node:fs/promises";

const reads = new Map<string, Promise<Buffer>>();

/**
 * A file of an installed package (the sandboxes' runtimes) as a response cached for a year: the
 * callers put the package version in the URL, so the cache is safe across upgrades. The file is
 * read once per process; a failed read is retried on the next request, not cached.
 */
export async function immutableFileResponse(
  filePath: string,
  contentType: string,
): Promise<Response> {
  let bytes = reads.get(filePath);
  if (bytes === undefined) {
    bytes = readFile(filePath).catch((error: unknown) => {
      reads.delete(filePath);
      throw error;
    });
    reads.set(filePath, bytes);
  }
  const body = await bytes;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(body.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
