import { Transform } from "node:stream";
import { firstInvalidUtf8Offset } from "@/lib/seeds/decodeSeedFile";

/** Thrown by a byteLimit stream when the body goes past its limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

/**
 * Passes bytes through until more than `limit` have gone by, then fails with BodyTooLargeError,
 * so an import reading from it stops before its transaction and writes nothing. For bodies sent
 * without a Content-Length (chunked), or with one that understates them.
 */
export function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) callback(new BodyTooLargeError(limit));
      else callback(null, chunk);
    },
  });
}

/** Thrown by a strictUtf8 stream at the first byte that is not UTF-8. */
export class NotUtf8Error extends Error {
  constructor(
    readonly line: number,
    readonly byte: number,
  ) {
    super(`line ${line}: not valid UTF-8 (byte ${byte.toLocaleString("en-US")} of the file)`);
  }
}

/**
 * Passes bytes through while they are valid UTF-8 and fails with NotUtf8Error (naming the line)
 * at the first that is not: a lenient decoder would import U+FFFD in place of the letters of a
 * file saved in another encoding.
 */
export function strictUtf8(): Transform {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  let line = 1;
  const fail = (chunk: Uint8Array) => {
    const at = Math.min(firstInvalidUtf8Offset(chunk), chunk.length);
    let l = line;
    for (let i = 0; i < at; i++) if (chunk[i] === 0x0a) l++;
    return new NotUtf8Error(l, offset + at + 1);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        callback(fail(chunk));
        return;
      }
      for (const byte of chunk) if (byte === 0x0a) line++;
      offset += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(new NotUtf8Error(line, offset));
      }
    },
  });
}
