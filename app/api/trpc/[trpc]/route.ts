import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getDb } from "@/server/db";
import { bodyTooLarge } from "@/server/security/bodyLimit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function handler(req: Request) {
  // Host, Origin, token and content type were checked in proxy.ts.
  const refused = bodyTooLarge(req);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ db: getDb() }),
  });
}

export { handler as GET, handler as POST };
