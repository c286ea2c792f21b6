import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { issueMessage } from "@/lib/schemas/issueMessage";
import { DomainError, type ProblemLocation } from "../errors";

export interface Context {
  db: Db;
}

const codeByKind = {
  "not-found": "NOT_FOUND",
  conflict: "CONFLICT",
  "invalid-input": "BAD_REQUEST",
  upstream: "BAD_GATEWAY",
} as const satisfies Record<DomainError["kind"], TRPCError["code"]>;

function zodProblems(error: ZodError): ProblemLocation[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join("."), message: issueMessage(i) }));
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const problems =
      cause instanceof DomainError
        ? cause.problems
        : cause instanceof ZodError
          ? zodProblems(cause)
          : [];
    const hidden = error.code === "INTERNAL_SERVER_ERROR";
    // A zod message is a JSON dump of issues; people read "field: message" lines instead.
    const readable =
      cause instanceof ZodError
        ? problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; ")
        : shape.message;
    return {
      ...shape,
      // 5xx messages may carry internals (paths, SQL); the server log keeps them.
      message: hidden ? "Internal server error; see the server log." : readable,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, problems },
    };
  },
});

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      throw new TRPCError({ code: codeByKind[cause.kind], message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") console.error(result.error);
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors);
