import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Db } from "@/db/client";
import { logIfServerError, publicError } from "./publicError";

export interface Context {
  db: Db;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Errors that never reached the middleware (an unknown procedure, a body that is not JSON) are
  // mapped here too, so every answer goes through publicError.
  errorFormatter({ shape, error }) {
    const mapped = publicError(error);
    return {
      ...shape,
      message: mapped.message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, problems: mapped.problems },
    };
  },
});

/** Sets the HTTP status of every failed call from publicError (the formatter sets its message). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = publicError(result.error);
    logIfServerError(result.error.cause ?? result.error, mapped);
    if (mapped.code !== result.error.code)
      throw new TRPCError({
        code: mapped.code,
        message: mapped.message,
        cause: result.error.cause ?? result.error,
      });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);
