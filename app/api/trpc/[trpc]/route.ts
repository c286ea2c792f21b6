import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getDb } from "@/server/db";
import { apiRoute, methodNotAllowed } from "@/server/security/apiRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Host, token, Origin, content type and the body's size are checked by apiRoute.
const handler = apiRoute("json", (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ db: getDb() }),
  }),
);

export { handler as GET, handler as POST };

// Every other method meets the same access checks first (see methodNotAllowed).
export const PUT = methodNotAllowed(["GET", "HEAD", "POST"]);
export const PATCH = methodNotAllowed(["GET", "HEAD", "POST"]);
export const DELETE = methodNotAllowed(["GET", "HEAD", "POST"]);
export const OPTIONS = methodNotAllowed(["GET", "HEAD", "POST"]);
