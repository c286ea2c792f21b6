import { signIn } from "@/server/security/signIn";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return signIn(req);
}
