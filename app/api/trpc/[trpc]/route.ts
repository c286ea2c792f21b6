import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getDb } from "@/server/db";
import { apiRoute } from "@/server/security/apiRoute";

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
