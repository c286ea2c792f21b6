import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { issueMessage } from "@/lib/schemas/issueMessage";
import { DomainError, UpstreamError, type ProblemLocation } from "../errors";

/** What a client is told about an error: the same for tRPC and every route handler. */
export interface PublicError {
  status: number;
  code: TRPCError["code"];
  message: string;
  problems: ProblemLocation[];
}

export const INTERNAL_MESSAGE = "Internal server error; see the server log.";
export const BUSY_MESSAGE =
  "The database is busy (held by another process); nothing was written. Try again when that process has finished.";
export const DISK_FULL_MESSAGE =
  "The disk is full; nothing was written. Free some space on the database's disk and try again.";
export const DAMAGED_MESSAGE =
  "The database file is damaged; stop the studio and restore a copy made with `npm run autoif -- backup` (see docs/security.md).";
const UPSTREAM_MESSAGE = "The LLM endpoint failed; see the server log.";

const byKind = {
  "not-found": { status: 404, code: "NOT_FOUND" },
  conflict: { status: 409, code: "CONFLICT" },
  "invalid-input": { status: 400, code: "BAD_REQUEST" },
  upstream: { status: 502, code: "BAD_GATEWAY" },
} as const satisfies Record<DomainError["kind"], { status: number; code: TRPCError["code"] }>;

/** The SQLite result code along an error's cause chain (drizzle wraps better-sqlite3's errors). */
export function sqliteCode(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return undefined;
}

function zodProblems(error: ZodError): ProblemLocation[] {
  return error.issues.map((i) => ({
    field: i.path.map(String).join("."),
    message: issueMessage(i),
  }));
}

/**
 * The one mapping from an error to what the client sees. Domain errors keep their message and
 * problems with their status (a conflict is 409 everywhere); a busy or full database says so;
 * every other 5xx hides its message (paths, SQL, an endpoint's reply), which the server log keeps.
 */
export function publicError(error: unknown): PublicError {
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  if (cause instanceof DomainError) {
    const { status, code } = byKind[cause.kind];
    const message =
      cause instanceof UpstreamError ? (cause.publicMessage ?? UPSTREAM_MESSAGE) : cause.message;
    return { status, code, message, problems: cause.problems };
  }
  if (cause instanceof ZodError) {
    const problems = zodProblems(cause);
    // A zod message is a JSON dump of issues; people read "field: message" lines instead.
    return {
      status: 400,
      code: "BAD_REQUEST",
      message: problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; "),
      problems,
    };
  }
  const sqlite = sqliteCode(cause);
  if (sqlite?.startsWith("SQLITE_BUSY") || sqlite?.startsWith("SQLITE_LOCKED"))
    return { status: 503, code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE, problems: [] };
  if (sqlite?.startsWith("SQLITE_FULL"))
    return { status: 503, code: "SERVICE_UNAVAILABLE", message: DISK_FULL_MESSAGE, problems: [] };
  if (sqlite?.startsWith("SQLITE_CORRUPT") || sqlite?.startsWith("SQLITE_NOTADB"))
    return { status: 500, code: "INTERNAL_SERVER_ERROR", message: DAMAGED_MESSAGE, problems: [] };
  if (error instanceof TRPCError) {
    const status = getHTTPStatusCodeFromError(error);
    if (status < 500) return { status, code: error.code, message: error.message, problems: [] };
  }
  return { status: 500, code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE, problems: [] };
}

/** Logs what the client is not told: the whole error of every 5xx. */
export function logIfServerError(error: unknown, mapped: PublicError): void {
  if (mapped.status >= 500) console.error(error);
}

/** A route handler's answer for `error`: `{ message, problems }` with the mapped status. */
export function errorResponse(error: unknown): Response {
  const mapped = publicError(error);
  logIfServerError(error, mapped);
  return Response.json(
    { message: mapped.message, problems: mapped.problems },
    { status: mapped.status, headers: { "Cache-Control": "no-store" } },
  );
}
