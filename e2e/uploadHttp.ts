import http from "node:http";
import Database from "better-sqlite3";

export type UploadResult = { status: number; body: string };

/**
 * POSTs `body` over one HTTP connection with exactly these headers. `chunked` sends it without a
 * Content-Length, in pieces of `piece` bytes (64 KB). A server may answer (413) before the body is all sent; that
 * answer is the result, whatever happens to the rest of the upload. `declareOnly` sends the headers
 * (with the body's Content-Length) and no byte of the body: for a request the server must refuse
 * from its declared length alone. Writing the body there would race the server's close (a reset
 * can discard its answer); a server that waited for the body instead never answers, and the test
 * times out.
 */
export function upload(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  opts: { chunked?: boolean; localAddress?: string; piece?: number; declareOnly?: boolean } = {},
): Promise<UploadResult> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        // A fresh connection each time: a server that answered before reading the whole body
        // closes the connection, and a kept-alive one would be reused and reset.
        agent: false,
        localAddress: opts.localAddress,
        headers: {
          ...headers,
          ...(opts.chunked
            ? { "Transfer-Encoding": "chunked" }
            : { "Content-Length": String(body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          settled = true;
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
          if (opts.declareOnly) req.destroy();
        });
      },
    );
    // An early answer may close the connection while we still write: not an error of the test.
    req.on("error", (error) => {
      if (!settled) setImmediate(() => !settled && reject(error));
    });
    if (opts.declareOnly) return void req.flushHeaders();
    const piece = opts.piece ?? 64 * 1024;
    let offset = 0;
    const write = () => {
      while (offset < body.length) {
        const next = body.subarray(offset, offset + piece);
        offset += next.length;
        if (!req.write(next)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

/** How many rows a table holds for a project, read from the studio's database file. */
export function rowCount(dbPath: string, sql: string, ...params: unknown[]): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * A file of exactly `bytes` bytes made of unique lines `line(i, "")`, each ending in \n; the last
 * line is made again as `line(i, padding)` with as many ASCII "x" as the size needs. Returns the
 * bytes and the number of lines.
 */
export function fileOfSize(
  bytes: number,
  line: (i: number, padding: string) => string,
): { data: Buffer; lines: number } {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const next = `${line(i, "")}\n`;
    if (size + Buffer.byteLength(next) > bytes) break;
    parts.push(next);
    size += Buffer.byteLength(next);
  }
  const missing = bytes - size;
  if (missing > 0) {
    if (parts.length === 0) throw new Error(`fileOfSize: ${bytes} bytes is shorter than one line`);
    const last = parts.length - 1;
    parts[last] = `${line(last, "x".repeat(missing))}\n`;
  }
  const data = Buffer.from(parts.join(""), "utf8");
  if (data.length !== bytes) throw new Error(`fileOfSize made ${data.length} bytes, not ${bytes}`);
  return { data, lines: parts.length };
}
